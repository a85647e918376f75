package dev.solemate.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SvgWriterTest {

    @Test
    void escapesMarkupQuotesAndDropsCharactersXmlForbids() {
        assertThat(SvgWriter.escape("a<b & \"c\" 'd'>\u0001\uFFFF")).isEqualTo("a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    }

    @Test
    void keepsWholeSurrogatePairsAndDropsLoneHalves() {
        assertThat(SvgWriter.escape("🦶\uD800x")).isEqualTo("🦶x");
    }

    @Test
    void numbersUseADotAndAtMostTwoDecimals() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(SvgWriter.num(12.0)).isEqualTo("12");
            assertThat(SvgWriter.num(1.25)).isEqualTo("1.25");
            assertThat(SvgWriter.num(1.2)).isEqualTo("1.2");
            assertThat(SvgWriter.num(1.004)).isEqualTo("1");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void refusesToFinishWithAnElementOpen() {
        SvgWriter svg = new SvgWriter(10, 10).start("g");
        assertThatThrownBy(svg::finish).hasMessage("element <g> is still open");
    }

    @Test
    void attributeValuesAreEscaped() {
        String out = new SvgWriter(10, 10).empty("g", "data-step", "a\"b").finish();
        assertThat(out).contains("data-step=\"a&quot;b\"");
    }
}

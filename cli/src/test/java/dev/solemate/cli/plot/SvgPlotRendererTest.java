package dev.solemate.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.routine.CompiledRoutine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@Timeout(10)
class SvgPlotRendererTest {

    @Test
    void svgIsWellFormedWithOneLanePerZoneOfTheProfile() throws Exception {
        Document doc = parse(SvgPlotRenderer.render(RoutinePlot.of(PlotFixtures.eveningOnShiatsu(List.of()))));

        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(groups(doc, "lane")).extracting(g -> g.getAttribute("data-zone"))
                .containsExactly("toes", "ball", "arch", "heel");
        assertThat(groups(doc, "skipped-lane")).isEmpty();
    }

    @Test
    void eachStretchOfATechniqueIsAFilledAreaNamedByItsTechnique() throws Exception {
        Document doc = parse(SvgPlotRenderer.render(RoutinePlot.of(PlotFixtures.eveningOnShiatsu(List.of()))));

        Element arch = groups(doc, "lane").stream().filter(g -> g.getAttribute("data-zone").equals("arch"))
                .findFirst().orElseThrow();
        List<String> techniques = new ArrayList<>();
        NodeList paths = arch.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            techniques.add(((Element) paths.item(i)).getAttribute("data-technique"));
        }
        assertThat(techniques).containsExactly("knead", "roll", "knead");
        assertThat(arch.getTextContent()).contains("roll 3/5");
    }

    @Test
    void stepNamesHeatAndTotalAreShownWithTextEscaped() throws Exception {
        String svg = SvgPlotRenderer.render(RoutinePlot.of(PlotFixtures.eveningOnShiatsu(List.of())));
        Document doc = parse(svg);

        assertThat(svg).contains("arch &lt;&amp; roll&gt;");
        assertThat(groups(doc, "step")).extracting(g -> g.getAttribute("data-step"))
                .containsExactly("warm-up", "arch <& roll>", "heel press", "cool-down");
        assertThat(groups(doc, "heat")).hasSize(1);
        assertThat(groups(doc, "heat").get(0).getTextContent()).contains("38 °C", "40 °C");
        assertThat(doc.getDocumentElement().getTextContent()).contains("total 5:00");
    }

    @Test
    void zonesAndHeatTheDeviceLacksAreShownAsSkipped() throws Exception {
        RoutinePlot plot = RoutinePlot.of(PlotFixtures.eveningOnBudget());
        Document doc = parse(SvgPlotRenderer.render(plot));

        assertThat(groups(doc, "lane")).extracting(g -> g.getAttribute("data-zone")).containsExactly("ball", "heel");
        assertThat(groups(doc, "skipped-lane")).extracting(g -> g.getAttribute("data-zone"))
                .containsExactly("toes", "arch");
        assertThat(groups(doc, "heat").get(0).getTextContent()).contains("has no heater");
    }

    @Test
    void compilerWarningsAreListedUnderThePicture() throws Exception {
        CompiledRoutine compiled = PlotFixtures.eveningOnShiatsu(List.of("step 'x': technique vibrate is not on arch; used knead"));
        Document doc = parse(SvgPlotRenderer.render(RoutinePlot.of(compiled)));

        assertThat(groups(doc, "warnings").get(0).getTextContent()).contains("technique vibrate is not on arch");
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> groups(Document doc, String cssClass) {
        List<Element> result = new ArrayList<>();
        NodeList all = doc.getElementsByTagName("g");
        for (int i = 0; i < all.getLength(); i++) {
            Element g = (Element) all.item(i);
            if (g.getAttribute("class").equals(cssClass)) {
                result.add(g);
            }
        }
        return result;
    }
}

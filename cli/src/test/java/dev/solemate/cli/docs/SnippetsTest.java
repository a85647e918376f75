package dev.solemate.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SnippetsTest {

    @Test
    void aRegionIsCutOutAndDedentedKeepingBlankLines() {
        String source = """
                class A {
                    void f() {
                        // tag::f[]
                        int a = 1;

                        if (a > 0) {
                            a++;
                        }
                        // end::f[]
                    }
                }
                """;

        assertThat(Snippets.region(source, "f")).isEqualTo("int a = 1;\n\nif (a > 0) {\n    a++;\n}\n");
    }

    @Test
    void anXmlRegionIsTaggedWithComments() {
        String pom = """
                <project>
                  <dependencies>
                    <!-- tag::deps[] -->
                    <dependency>
                      <artifactId>a</artifactId>
                    </dependency>
                    <!-- end::deps[] -->
                  </dependencies>
                </project>
                """;

        assertThat(Snippets.region(pom, "deps")).isEqualTo("<dependency>\n  <artifactId>a</artifactId>\n</dependency>\n");
    }

    @Test
    void aMissingRegionIsAnError() {
        assertThatThrownBy(() -> Snippets.region("class A {}", "x"))
                .hasMessage("no region // tag::x[] ... // end::x[] in the source");
    }
}

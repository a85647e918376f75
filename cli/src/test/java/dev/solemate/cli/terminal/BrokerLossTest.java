package dev.solemate.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code solemate bridge} when its broker goes away and comes back, and when TLS fails: one
 * sentence when it happens, one when it is resolved, each with a timestamp because nobody watches
 * a terminal (a service manager's log); no Paho stack trace, no repeated reconnect lines. With
 * --verbose the same sentences, with the details between them.
 */
@EnabledOnOs(OS.LINUX)
class BrokerLossTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) ";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aLostBrokerIsOneSentenceAndItsReturnAnother() throws Exception {
        List<String> lines = loseTheBroker(false);

        assertThat(masked(lines)).containsExactly(
                "TIME Bridge 'default' on tcp://127.0.0.1:PORT: bedroom; Ctrl-C to stop.",
                "TIME Lost the broker (Connection lost); reconnecting. The devices keep running; they are stopped"
                        + " if it is not back within 5 s.",
                "TIME Broker back after N s; state re-published.",
                "TIME Bridge 'default' stopped; every device was sent a stop and shown offline.");
    }

    @Test
    @Timeout(120)
    void withVerboseTheSameSentencesComeWithTheDetails() throws Exception {
        List<String> lines = loseTheBroker(true);

        assertThat(masked(lines).stream().filter(l -> l.startsWith("TIME ")).toList()).containsExactly(
                "TIME Bridge 'default' on tcp://127.0.0.1:PORT: bedroom; Ctrl-C to stop.",
                "TIME Lost the broker (Connection lost); reconnecting. The devices keep running; they are stopped"
                        + " if it is not back within 5 s.",
                "TIME Broker back after N s; state re-published.",
                "TIME Bridge 'default' stopped; every device was sent a stop and shown offline.");
        assertThat(lines).anyMatch(l -> l.matches(".* WARN +\\[.*] dev\\.solemate\\.mqtt\\.client\\.\\w+ - lost connection.*"));
    }

    @Test
    @Timeout(120)
    void aBrokerWhoseCertificateIsNotTrustedIsOneSentenceWithoutAStackTrace() throws Exception {
        try (Broker broker = Broker.untrustedTls(dir)) {
            try (ChildCommand bridge = ChildCommand.start(Map.of(), "bridge", "--broker",
                    "ssl://127.0.0.1:" + broker.port(), "--device", "bedroom=sim:")) {
                bridge.awaitLine(l -> l.contains("yet"), 60);
                Thread.sleep(3000);                            // a few failed attempts: none is repeated
                bridge.signal("INT");
                assertThat(bridge.waitFor(30)).as(bridge.output()).isEqualTo(130);
                assertThat(masked(bridge.lines())).containsExactly(
                        "TIME Bridge 'default' on ssl://127.0.0.1:PORT: bedroom; Ctrl-C to stop.",
                        "TIME Cannot connect to the broker ssl://127.0.0.1:PORT yet (TLS: the broker's certificate"
                                + " (CN=127.0.0.1, issued by CN=127.0.0.1) is not signed by a CA in the JVM's trust store"
                                + " (no tls.ca / --ca given): give the CA that signed it (tls.ca, --ca or ?ca=));"
                                + " the bridge keeps trying.",
                        "TIME Bridge 'default' stopped; every device was sent a stop and shown offline.");
            }
        }
    }

    private List<String> loseTheBroker(boolean verbose) throws Exception {
        try (Broker broker = Broker.plain(dir)) {
            String url = "tcp://127.0.0.1:" + broker.port();
            String[] args = verbose ? new String[] {"bridge", "--broker", url, "--device", "bedroom=sim:", "--verbose"}
                    : new String[] {"bridge", "--broker", url, "--device", "bedroom=sim:"};
            try (ChildCommand bridge = ChildCommand.start(Map.of(), args)) {
                bridge.awaitLine(l -> l.contains("Bridge 'default' on"), 60);
                broker.kill();
                bridge.awaitLine(l -> l.contains("Lost the broker"), 30);
                Thread.sleep(1500);
                broker.start();
                bridge.awaitLine(l -> l.contains("Broker back after"), 60);
                bridge.signal("INT");
                assertThat(bridge.waitFor(30)).as(bridge.output()).isEqualTo(130);
                return bridge.lines();
            }
        }
    }

    private static List<String> masked(List<String> lines) {
        return lines.stream()
                .map(l -> l.replaceFirst("^" + TIME, "TIME "))
                .map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT"))
                .map(l -> l.replaceAll("back after \\d+ s", "back after N s"))
                .toList();
    }
}

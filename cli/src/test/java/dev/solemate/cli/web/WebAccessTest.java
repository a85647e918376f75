package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may control a massager over HTTP: the token, the cookie, CSRF and DNS-rebinding refusals. */
@Timeout(30)
class WebAccessTest {

    @TempDir
    Path state;

    @Test
    void theTokenIsMadeOnceStoredOwnerOnlyAndReplacedByRenew() throws Exception {
        WebToken first = WebToken.loadOrCreate(state);
        WebToken again = WebToken.loadOrCreate(state);
        Path file = state.resolve(WebToken.FILE_NAME);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.value()).isEqualTo(first.value()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.value());

        WebToken renewed = WebToken.renew(state);
        assertThat(renewed.value()).isNotEqualTo(first.value());
        assertThat(WebToken.loadOrCreate(state).value()).isEqualTo(renewed.value());
        assertThat(WebToken.revoke(state)).isTrue();
        assertThat(file).doesNotExist();
    }

    @Test
    void withoutTheTokenEveryRequestGets401AndChangesNothing() throws Exception {
        WebToken token = WebToken.loadOrCreate(state);
        try (WebRig rig = WebRig.withToken(state, token)) {
            HttpResponse<String> zone = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":2}");
            HttpResponse<String> stop = rig.post("/api/stop", "{}");
            HttpResponse<String> wrong = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":2}",
                    "Authorization", "Bearer " + token.value() + "x");
            HttpResponse<String> wrongCookie = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":2}",
                    "Cookie", "solemate_token=nope");

            assertThat(zone.statusCode()).isEqualTo(401);
            assertThat(stop.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrongCookie.statusCode()).isEqualTo(401);
            assertThat(rig.get("/api/devices").statusCode()).isEqualTo(401);
            assertThat(rig.get("/api/events").statusCode()).isEqualTo(401);
            assertThat(rig.get("/app.js").statusCode()).isEqualTo(401);
            assertThat(rig.device().executed()).isEmpty();

            HttpResponse<String> page = rig.get("/");
            assertThat(page.statusCode()).isEqualTo(401);
            assertThat(page.body()).contains("needs its link").contains("/login.js");
            assertThat(rig.get("/login.js").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theTokenAsBearerOrAsTheCookieFromLoginLetsThePageIn() throws Exception {
        WebToken token = WebToken.loadOrCreate(state);
        try (WebRig rig = WebRig.withToken(state, token)) {
            HttpResponse<String> bearer = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":1}",
                    "Authorization", "Bearer " + token.value());
            assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(200);

            HttpResponse<String> refused = rig.post("/api/login", "{\"token\":\"guess\"}");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

            HttpResponse<String> login = rig.post("/api/login", "{\"token\":\"" + token.value() + "\"}");
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
            String pair = cookie.substring(0, cookie.indexOf(';'));

            assertThat(rig.get("/api/devices", "Cookie", pair).statusCode()).isEqualTo(200);
            assertThat(rig.get("/", "Cookie", pair).body()).contains("/app.js");
            assertThat(rig.post("/api/stop", "{}", "Cookie", pair).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRenewedTokenSignsOutTheOldCookie() throws Exception {
        WebToken old = WebToken.loadOrCreate(state);
        WebToken renewed = WebToken.renew(state);
        try (WebRig rig = WebRig.withToken(state, renewed)) {
            assertThat(rig.get("/api/devices", "Cookie", "solemate_token=" + old.value()).statusCode()).isEqualTo(401);
            assertThat(rig.get("/api/devices", "Cookie", "solemate_token=" + renewed.value()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void crossSiteRequestsAreRefusedEvenWithTheCookie() throws Exception {
        WebToken token = WebToken.loadOrCreate(state);
        String cookie = "solemate_token=" + token.value();
        try (WebRig rig = WebRig.withToken(state, token)) {
            HttpResponse<String> otherOrigin = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":2}",
                    "Cookie", cookie, "Origin", "http://evil.example");
            HttpResponse<String> form = rig.post("/api/devices/bedroom/zones/arch", "level=2",
                    "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded");
            HttpResponse<String> textPlain = rig.post("/api/stop", "{}", "Cookie", cookie, "Content-Type", "text/plain");
            HttpResponse<String> crossSite = rig.post("/api/devices/bedroom/zones/arch", "{\"level\":2}",
                    "Cookie", cookie, "Sec-Fetch-Site", "cross-site");

            assertThat(otherOrigin.statusCode()).isEqualTo(403);
            assertThat(WebRig.json(otherOrigin).get("error").asText()).contains("http://evil.example");
            assertThat(form.statusCode()).isEqualTo(415);
            assertThat(WebRig.json(form).get("allowed").asText()).isEqualTo("application/json");
            assertThat(textPlain.statusCode()).isEqualTo(415);
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(rig.device().executed()).isEmpty();
        }
    }

    @Test
    void onLoopbackAnotherHostNameIsRefusedAgainstDnsRebinding() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            int port = rig.server.address().getPort();

            String refused = raw(port, "GET /api/devices HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
            String localhost = raw(port, "GET /api/devices HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");

            assertThat(refused).startsWith("HTTP/1.1 403").contains("DNS rebinding");
            assertThat(localhost).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void onLoopbackNoTokenIsNeededButCsrfRulesStillHold() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            assertThat(rig.post("/api/stop", "{}").statusCode()).isEqualTo(200);
            assertThat(rig.post("/api/stop", "{}", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void listeningBeyondLoopbackWithoutATokenIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebServer.start(Listen.parse("0.0.0.0:0"),
                        java.util.Optional.empty(), new RoutineCatalog(java.util.List.of()),
                        new dev.solemate.cli.history.SessionLog(state.resolve("h.jsonl")), java.time.Clock.systemUTC(),
                        java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a token");
    }

    @Test
    void listenAddressesAreParsedWithClearErrors() {
        assertThat(Listen.parse("127.0.0.1:8765").loopback()).isTrue();
        assertThat(Listen.parse("[::1]:8765").loopback()).isTrue();
        assertThat(Listen.parse("0.0.0.0:8765").loopback()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Listen.parse("8765"))
                .hasMessageContaining("is not ADDR:PORT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Listen.parse("127.0.0.1:70000"))
                .hasMessageContaining("out of range (expected 0 to 65535)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Listen.parse("bedroom.local:80"))
                .hasMessageContaining("is not an IP address");
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
    }
}

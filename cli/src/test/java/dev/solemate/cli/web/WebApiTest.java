package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.solemate.cli.history.SessionRecord;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;
import dev.solemate.player.PlaybackEnding;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API of {@code solemate serve}, against a running server on simulated massagers. */
@Timeout(30)
class WebApiTest {

    @TempDir
    Path state;

    @Test
    void devicesListsEachMassagerWithItsOwnZonesTechniquesLevelsAndHeater() throws Exception {
        try (WebRig rig = WebRig.open(state, "shiatsu-4zone", "budget-2zone")) {
            HttpResponse<String> r = rig.get("/api/devices");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode devices = WebRig.json(r).get("devices");
            assertThat(devices).hasSize(2);
            JsonNode bedroom = devices.get(0);
            assertThat(bedroom.get("id").asText()).isEqualTo("bedroom");
            assertThat(bedroom.get("uri").asText()).isEqualTo("sim:");
            assertThat(bedroom.get("simulated").asBoolean()).isTrue();
            assertThat(bedroom.at("/profile/steps").asInt()).isEqualTo(5);
            assertThat(bedroom.at("/profile/zones/ball").toString()).isEqualTo("[\"knead\",\"roll\",\"press\"]");
            assertThat(bedroom.at("/profile/heat/max").asInt()).isEqualTo(45);
            JsonNode den = devices.get(1);
            assertThat(den.at("/profile/zones").size()).isEqualTo(2);
            assertThat(den.at("/profile/heat").isNull()).isTrue();
        }
    }

    @Test
    void stateShowsZonesHeatLimitComfortCapSessionAndPlayback() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            JsonNode s = WebRig.json(rig.get("/api/devices/bedroom")).get("state");

            assertThat(s.get("connection").asText()).isEqualTo("connected");
            assertThat(s.get("at_zero").asBoolean()).isTrue();
            assertThat(s.at("/zones/arch/level").asInt()).isZero();
            assertThat(s.at("/zones/arch/steps").asInt()).isEqualTo(5);
            assertThat(s.at("/heat/limit").asInt()).isEqualTo(40);
            assertThat(s.at("/comfort_cap/percent").asDouble()).isEqualTo(100.0);
            assertThat(s.at("/session/limit").asInt()).isEqualTo(900);
            assertThat(s.at("/playback/state").asText()).isEqualTo("idle");
        }
    }

    @Test
    void aZoneCommandReachesTheDeviceThroughTheGovernorAndSaysWhenItRisesGradually() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            HttpResponse<String> r = rig.post("/api/devices/bedroom/zones/arch", "{\"technique\":\"roll\",\"level\":3}");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = WebRig.json(r);
            assertThat(answer.get("target").asInt()).isEqualTo(3);
            assertThat(answer.get("level").asInt()).isBetween(1, 3);
            assertThat(answer.get("warnings").toString()).contains("rise-rate");
            assertThat(rig.device().zone(Zone.ARCH).technique()).isEqualTo(Technique.ROLL);
            assertThat(rig.device().zone(Zone.ARCH).level()).isPositive();
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldTheValueAndWhatIsAllowedAndChangesNothing() throws Exception {
        try (WebRig rig = WebRig.open(state, "budget-2zone")) {
            assertRefused(rig.post("/api/devices/bedroom/zones/arch", "{\"level\":1}"), 400, "zone", "'arch'",
                    "one of: ball, heel");
            assertRefused(rig.post("/api/devices/bedroom/zones/ball", "{\"technique\":\"press\",\"level\":1}"), 400,
                    "technique", "'press'", "one of: knead, roll");
            assertRefused(rig.post("/api/devices/bedroom/zones/ball", "{\"level\":4}"), 400, "level", "4", "0 to 3");
            assertRefused(rig.post("/api/devices/bedroom/zones/ball", "{\"level\":1.5}"), 400, "level", "1.5",
                    "a whole number from 0 to 3");
            assertRefused(rig.post("/api/devices/bedroom/zones/ball", "{\"level\":\"high\"}"), 400, "level", "\"high\"",
                    "a whole number from 0 to 3");
            assertRefused(rig.post("/api/devices/bedroom/zones/ball", "{\"level\":1,\"colour\":\"red\"}"), 400,
                    "colour", "\"red\"", "one of: level, technique");
            assertRefused(rig.post("/api/devices/bedroom/heat", "{\"celsius\":38}"), 400, "celsius", "38",
                    "none: no heat on this device");
            assertRefused(rig.post("/api/devices/bedroom/comfort", "{\"percent\":0}"), 400, "percent", "0", "1 to 100");
            assertRefused(rig.post("/api/devices/bedroom/routine", "{\"name\":\"disco\"}"), 400, "name", "'disco'",
                    "one of: bedtime");
            assertRefused(rig.post("/api/devices/bedroom/routine", "{\"name\":\"bedtime\",\"speed\":5000}"), 400,
                    "speed", "5000", "0.01 to 1000");
            assertRefused(rig.post("/api/devices/bedroom/playback", "{\"action\":\"rewind\"}"), 400, "action",
                    "'rewind'", "one of: pause, resume, stop");

            HttpResponse<String> broken = rig.post("/api/devices/bedroom/zones/ball", "{\"level\":");
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(WebRig.json(broken).get("error").asText()).startsWith("broken JSON").contains("expected a JSON object");
            HttpResponse<String> array = rig.post("/api/devices/bedroom/zones/ball", "[1]");
            assertThat(array.statusCode()).isEqualTo(400);

            assertThat(rig.device().executed()).as("nothing reached the device").isEmpty();
            assertThat(WebRig.json(rig.get("/api/devices/bedroom")).at("/state/playback/state").asText()).isEqualTo("idle");
        }
    }

    @Test
    void anOversizedBodyIsRefusedUnreadAndChangesNothing() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            String big = "{\"level\":1,\"pad\":\"" + "x".repeat(20_000) + "\"}";

            HttpResponse<String> r = rig.post("/api/devices/bedroom/zones/arch", big);

            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(WebRig.json(r).get("error").asText()).contains("expected at most 16384");
            assertThat(rig.device().executed()).isEmpty();
        }
    }

    @Test
    void unknownDevicesPathsAndMethodsAreRefused() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            HttpResponse<String> noDevice = rig.post("/api/devices/attic/stop", "{}");
            assertThat(noDevice.statusCode()).isEqualTo(404);
            assertThat(WebRig.json(noDevice).get("error").asText()).contains("'attic'").contains("bedroom");
            assertThat(rig.get("/api/nothing").statusCode()).isEqualTo(404);
            assertThat(rig.get("/nothing.js").statusCode()).isEqualTo(404);
            assertThat(rig.get("/api/devices/bedroom/stop").statusCode()).isEqualTo(405);
            assertThat(rig.post("/api/devices", "{}").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void stopBringsTheDeviceToZeroAndAnswersThatTheDeviceConfirmedIt() throws Exception {
        try (WebRig rig = WebRig.open(state, "shiatsu-4zone", "budget-2zone")) {
            rig.post("/api/devices/bedroom/zones/heel", "{\"level\":2}");
            rig.post("/api/devices/bedroom/heat", "{\"celsius\":38}");
            assertThat(rig.device().isAtZero()).isFalse();

            HttpResponse<String> r = rig.post("/api/devices/bedroom/stop", "{}");

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode answer = WebRig.json(r);
            assertThat(answer.get("confirmed").asBoolean()).isTrue();
            assertThat(answer.at("/state/at_zero").asBoolean()).isTrue();
            assertThat(answer.at("/state/stop/state").asText()).isEqualTo("confirmed");
            assertThat(rig.device().isAtZero()).isTrue();

            HttpResponse<String> all = rig.post("/api/stop", "{}");
            assertThat(WebRig.json(all).at("/devices/bedroom/confirmed").asBoolean()).isTrue();
            assertThat(WebRig.json(all).at("/devices/den/confirmed").asBoolean()).isTrue();
        }
    }

    @Test
    void aStopIsAnsweredAtOnceEvenWhileManyCommandsWaitForADeviceThatDoesNotAnswer() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            rig.device().dropAcks(true);
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                waiting.add(rig.http.sendAsync(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(rig.base + "/api/devices/bedroom/zones/arch"))
                        .header("Content-Type", "application/json").header("Origin", rig.base)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"technique\":\""
                                + (i % 2 == 0 ? "roll" : "knead") + "\",\"level\":1}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300);
            rig.device().dropAcks(false);

            long start = System.nanoTime();
            HttpResponse<String> stop = rig.post("/api/stop", "{}");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(stop.statusCode()).isEqualTo(200);
            assertThat(WebRig.json(stop).get("confirmed").asBoolean()).isTrue();
            assertThat(millis).as("ms to answer the stop, with 12 commands waiting").isLessThan(1500);
            assertThat(rig.device().isAtZero()).isTrue();
            for (var w : waiting) {
                // each is answered, one way or the other (the stop overtook some), and none hangs
                assertThat(w.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isBetween(200, 504);
            }
        }
    }

    @Test
    void heatIsCappedAtTheLimitWithAWarningAndTurnsOffWithNull() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            HttpResponse<String> r = rig.post("/api/devices/bedroom/heat", "{\"celsius\":44}");

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(WebRig.json(r).get("celsius").asInt()).isEqualTo(40);
            assertThat(WebRig.json(r).get("warnings").toString()).contains("heat-limit");
            assertThat(rig.device().heatTarget()).hasValue(40);

            rig.post("/api/devices/bedroom/heat", "{\"celsius\":null}");
            assertThat(rig.device().heatTarget()).isEmpty();
        }
    }

    @Test
    void theComfortCapHoldsZonesUnderIt() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            assertThat(rig.post("/api/devices/bedroom/comfort", "{\"percent\":40}").statusCode()).isEqualTo(200);

            JsonNode answer = WebRig.json(rig.post("/api/devices/bedroom/zones/arch", "{\"level\":5}"));

            assertThat(answer.get("target").asInt()).isEqualTo(2);
            assertThat(answer.get("warnings").toString()).contains("comfort-cap");
            assertThat(answer.at("/state/comfort_cap/level").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRoutineStartsPausesResumesAndStopsAndIsRecordedInTheHistory() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            HttpResponse<String> started = rig.post("/api/devices/bedroom/routine", "{\"name\":\"quick-unwind\",\"speed\":20}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
            assertThat(WebRig.json(started).get("routine").asText()).isEqualTo("quick-unwind");
            JsonNode playing = awaitState(rig, s -> s.at("/playback/elapsed").asDouble() > 0);
            assertThat(playing.at("/playback/state").asText()).isEqualTo("playing");
            assertThat(playing.at("/playback/step").asText()).isNotEmpty();
            assertThat(playing.at("/playback/speed").asDouble()).isEqualTo(20.0);
            assertThat(rig.history.read().records()).singleElement()
                    .satisfies(r -> assertThat(r.ending().id()).as("recorded while it plays").isEqualTo("playing"));

            assertThat(rig.post("/api/devices/bedroom/playback", "{\"action\":\"pause\"}").statusCode()).isEqualTo(200);
            awaitState(rig, s -> s.at("/playback/state").asText().equals("paused") && s.get("at_zero").asBoolean());
            assertThat(rig.post("/api/devices/bedroom/playback", "{\"action\":\"resume\"}").statusCode()).isEqualTo(200);
            awaitState(rig, s -> s.at("/playback/state").asText().equals("playing"));
            assertThat(rig.post("/api/devices/bedroom/playback", "{\"action\":\"stop\"}").statusCode()).isEqualTo(200);

            JsonNode ended = awaitState(rig, s -> s.at("/playback/state").asText().equals("idle") && s.has("playback")
                    && s.at("/playback/last/ending").asText().equals("stopped"));
            assertThat(ended.get("at_zero").asBoolean()).isTrue();
            assertThat(rig.device().isAtZero()).isTrue();
            List<SessionRecord> records = rig.history.read().records();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).routine()).isEqualTo("quick-unwind");
            assertThat(records.get(0).ending()).isEqualTo(dev.solemate.cli.history.SessionEnding.STOPPED);
            assertThat(records.get(0).device()).startsWith("sim:");

            HttpResponse<String> nothing = rig.post("/api/devices/bedroom/playback", "{\"action\":\"pause\"}");
            assertThat(nothing.statusCode()).isEqualTo(409);
        }
    }

    @Test
    void aRoutineStartedElsewhereIsShownAndThePagesStopEndsIt() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            // As the MQTT bridge starts one beside the page: on the same massager, not through the page.
            dev.solemate.player.Playback elsewhere = dev.solemate.player.RoutinePlayer.start(rig.massager(),
                    dev.solemate.routine.RoutineCompiler.compile(dev.solemate.routine.Routines.builtIn("bedtime"),
                            rig.massager().profile()), e -> { });

            JsonNode s = awaitState(rig, x -> x.at("/playback/state").asText().equals("playing"));
            assertThat(s.at("/playback/routine").asText()).isEqualTo("bedtime");
            assertThat(s.at("/playback/started_by").asText()).isEqualTo("another client");

            assertThat(WebRig.json(rig.post("/api/stop", "{}")).get("confirmed").asBoolean()).isTrue();

            dev.solemate.player.PlaybackResult result = elsewhere.completion().get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(result.ending()).isEqualTo(PlaybackEnding.STOPPED);
            assertThat(result.reason()).isEqualTo("stopped from the dashboard");
            assertThat(rig.device().isAtZero()).isTrue();
        }
    }

    @Test
    void aHandOnAZoneEndsTheRoutineThatPlays() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            rig.post("/api/devices/bedroom/routine", "{\"name\":\"bedtime\"}");
            awaitState(rig, s -> s.at("/playback/state").asText().equals("playing"));

            HttpResponse<String> hand = rig.post("/api/devices/bedroom/zones/toes", "{\"technique\":\"press\",\"level\":1}");
            assertThat(hand.statusCode()).as(hand.body()).isEqualTo(200);

            JsonNode s = awaitState(rig, x -> x.at("/playback/state").asText().equals("idle")
                    && x.at("/playback/last/ending").asText().equals("stopped"));
            assertThat(s.at("/playback/last/routine").asText()).isEqualTo("bedtime");
            // It may rise gradually (the routine raised it less than a second ago): within two seconds.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (rig.device().zone(Zone.TOES).level() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rig.device().zone(Zone.TOES).level()).as(rig.device().executed().toString()).isPositive();
            assertThat(rig.device().zone(Zone.TOES).technique()).isEqualTo(Technique.PRESS);
        }
    }

    @Test
    void routinesAreListedForTheDeviceWithDurationDescriptionAndADarkPlot() throws Exception {
        Path mine = state.resolve("sunday.json");
        Files.writeString(mine, "{\"name\":\"sunday\",\"description\":\"A slow one.\",\"steps\":["
                + "{\"name\":\"all\",\"duration\":\"2m\",\"zones\":{\"arch\":{\"technique\":\"knead\",\"intensity\":40}}}]}");
        try (WebRig rig = WebRig.withRoutines(state, List.of(mine))) {
            JsonNode listing = WebRig.json(rig.get("/api/routines?device=bedroom"));

            assertThat(listing.get("speed_allowed").asBoolean()).isTrue();
            JsonNode routines = listing.get("routines");
            assertThat(routines.get(0).get("name").asText()).isEqualTo("bedtime");
            assertThat(routines.get(0).get("duration").asInt()).isPositive();
            assertThat(routines.get(0).get("description").asText()).isNotEmpty();
            JsonNode sunday = routines.get(routines.size() - 1);
            assertThat(sunday.get("name").asText()).isEqualTo("sunday");
            assertThat(sunday.get("source").asText()).isEqualTo("file");
            assertThat(sunday.get("duration").asInt()).isEqualTo(120);

            HttpResponse<String> plot = rig.get(routines.get(0).get("plot").asText());
            assertThat(plot.statusCode()).isEqualTo(200);
            assertThat(plot.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
            assertThat(plot.body()).contains("<svg").contains("class=\"lane\" data-zone=\"arch\"");
            assertThat(plot.body()).doesNotContain("\"#ffffff\"").contains("\"#16181d\"");
            assertThat(rig.get(routines.get(0).get("plot").asText() + "&theme=light").body()).contains("\"#ffffff\"");
        }
    }

    @Test
    void historyGivesTonightTheStreakAndTheStrip() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            OffsetDateTime now = OffsetDateTime.now();
            for (int daysAgo = 1; daysAgo <= 3; daysAgo++) {
                rig.history.append(new SessionRecord(now.minusDays(daysAgo), "bedtime", "serial:/dev/ttyUSB0",
                        "shiatsu-4zone", Duration.ofMinutes(14), PlaybackEnding.COMPLETED, "completed"));
            }

            JsonNode h = WebRig.json(rig.get("/api/history"));

            assertThat(h.at("/streak/evenings").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(h.get("strip")).hasSize(14);
            assertThat(h.get("strip").get(13).get("tonight").asBoolean()).isTrue();
            assertThat(h.get("sessions")).hasSize(3);
            assertThat(h.get("sessions").get(0).get("routine").asText()).isEqualTo("bedtime");
        }
    }

    @Test
    void theStaticPageIsServedFromTheJarUnderTheByteBudget() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            HttpResponse<String> page = rig.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
            long total = page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            for (String asset : List.of("/app.js", "/foot.js", "/style.css", "/icon.svg")) {
                HttpResponse<String> r = rig.get(asset);
                assertThat(r.statusCode()).as(asset).isEqualTo(200);
                total += r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            assertThat(page.body()).doesNotContain("http://", "https://");
            assertThat(total).as("first load in bytes").isLessThan(150 * 1024);
        }
    }

    private static void assertRefused(HttpResponse<String> r, int status, String field, String value, String allowed)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = WebRig.json(r);
        assertThat(e.get("status").asText()).isEqualTo("error");
        assertThat(e.get("field").asText()).isEqualTo(field);
        assertThat(e.get("allowed").asText()).contains(allowed);
        assertThat(e.get("error").asText()).startsWith(field).contains(value).contains("expected");
    }

    static JsonNode awaitState(WebRig rig, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s;
        do {
            s = WebRig.json(rig.get("/api/devices/bedroom")).get("state");
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("state never matched; last: " + s);
    }
}

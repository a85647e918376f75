package dev.solemate.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.solemate.device.Zone;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/events: every open page hears every change, and closing a page changes nothing on the device. */
@Timeout(60)
class LiveFeedTest {

    @TempDir
    Path state;

    @Test
    void fiftyPagesAtOnceEachGetTheCurrentStateThenEveryChange() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            int pages = 50;
            CountDownLatch connected = new CountDownLatch(pages);
            CountDownLatch sawArch = new CountDownLatch(pages);
            AtomicInteger failures = new AtomicInteger();
            List<Socket> sockets = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                Socket s = open(rig);
                sockets.add(s);
                Thread t = new Thread(() -> {
                    try {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        String line;
                        boolean first = true;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("data: ") && line.contains("\"device\":\"bedroom\"")) {
                                if (first) {
                                    first = false;
                                    connected.countDown();
                                }
                                if (line.contains("\"arch\":{\"technique\":\"knead\",\"level\":1")) {
                                    sawArch.countDown();
                                    return;
                                }
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
                t.setDaemon(true);
                t.start();
                readers.add(t);
            }
            assertThat(connected.await(20, TimeUnit.SECONDS)).as("every page got the current state").isTrue();
            assertThat(rig.server.subscribers()).isEqualTo(pages);

            rig.post("/api/devices/bedroom/zones/arch", "{\"technique\":\"knead\",\"level\":1}");

            assertThat(sawArch.await(20, TimeUnit.SECONDS)).as("every page saw the change").isTrue();
            assertThat(failures).hasValue(0);
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void closingThePageNeitherStopsNorStartsAnything() throws Exception {
        try (WebRig rig = WebRig.open(state)) {
            rig.post("/api/devices/bedroom/zones/heel", "{\"technique\":\"roll\",\"level\":1}");
            Socket page = open(rig);
            new BufferedReader(new InputStreamReader(page.getInputStream(), StandardCharsets.UTF_8)).readLine();
            int commandsBefore = rig.device().executed().size();

            page.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean press = true;
            while (rig.server.subscribers() > 0 && System.nanoTime() < deadline) {
                // A state change makes the feed write, and a write finds the closed page.
                rig.post("/api/devices/bedroom/zones/toes", "{\"technique\":\"" + (press ? "press" : "knead")
                        + "\",\"level\":0}");
                press = !press;
                Thread.sleep(50);
            }

            assertThat(rig.server.subscribers()).isZero();
            assertThat(rig.device().zone(Zone.HEEL).level()).isEqualTo(1);
            assertThat(rig.device().executed().subList(commandsBefore, rig.device().executed().size()))
                    .allSatisfy(c -> assertThat(c.toString()).contains("zone=TOES"));
        }
    }

    private static Socket open(WebRig rig) throws Exception {
        int port = rig.server.address().getPort();
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }
}

package dev.solemate.serial.discovery;

import dev.solemate.MassagerException;
import dev.solemate.serial.protocol.DeviceHello;
import dev.solemate.serial.protocol.DeviceMessage;
import dev.solemate.serial.protocol.FrameDecoder;
import dev.solemate.serial.protocol.Operation;
import dev.solemate.serial.protocol.ProtocolException;
import dev.solemate.serial.protocol.Request;
import dev.solemate.serial.protocol.WireProtocol;
import dev.solemate.serial.protocol.WireProtocols;
import dev.solemate.serial.transport.JSerialCommTransport;
import dev.solemate.serial.transport.SerialSettings;
import dev.solemate.serial.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds Solemate devices by asking each port for the handshake (HELLO), in each installed dialect.
 * It writes to every port it tries: a newline and a HELLO request (no real-time stop, which other
 * firmware such as GRBL treats as a reset), so only probe ports you are happy to send bytes to.
 */
public final class Probe {

    /** A port that answered. */
    public record Found(String path, String protocolId, int baud, DeviceHello hello) {
        public Found {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(protocolId, "protocolId");
            Objects.requireNonNull(hello, "hello");
        }

        /** The URI that opens this device, e.g. {@code serial:/dev/ttyUSB0?protocol=solemate-text}. */
        public String uri() {
            return "serial:" + path + "?protocol=" + protocolId + (baud == SerialSettings.DEFAULT_BAUD ? "" : "&baud=" + baud);
        }

        @Override
        public String toString() {
            return uri() + ": " + hello.model() + " firmware " + hello.firmware() + ", serial " + hello.serialNumber();
        }
    }

    /** A port that could not be asked (busy, no permission); the probe carries on with the others. */
    public record Skipped(String path, String reason) {
    }

    /** What a probe found. */
    public record Result(List<Found> found, List<Skipped> skipped) {
        public Result {
            found = List.copyOf(found);
            skipped = List.copyOf(skipped);
        }
    }

    private Probe() {
    }

    /** Probes every listed port (see {@link SerialPorts#list()}) at 115200 baud, {@code timeout} per port and dialect. */
    public static Result all(Duration timeout) {
        return ports(SerialPorts.list().stream().map(PortInfo::path).toList(), SerialSettings.DEFAULT_BAUD, timeout);
    }

    /** Probes the given port paths (links such as a socat pair are not listed, so pass them here). */
    public static Result ports(Collection<String> paths, int baud, Duration timeout) {
        List<Found> found = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String path : paths) {
            for (WireProtocol protocol : WireProtocols.all().values()) {
                try {
                    Optional<DeviceHello> hello = port(path, protocol, baud, timeout);
                    if (hello.isPresent()) {
                        found.add(new Found(path, protocol.id(), baud, hello.get()));
                        break;
                    }
                } catch (MassagerException e) {
                    skipped.add(new Skipped(path, e.getMessage()));
                    break;
                }
            }
        }
        return new Result(found, skipped);
    }

    /**
     * Asks one port for the handshake in one dialect.
     *
     * @return the device's answer, or empty when nothing (or nothing sensible) answered in time
     * @throws MassagerException when the port cannot be opened (the message says why)
     */
    public static Optional<DeviceHello> port(String path, WireProtocol protocol, int baud, Duration timeout) {
        CompletableFuture<DeviceHello> answer = new CompletableFuture<>();
        FrameDecoder decoder = protocol.framing().newDecoder(protocol.maxReplyFrame());
        Transport t = JSerialCommTransport.open(SerialSettings.of(path, baud), SerialPorts::describeAll);
        try {
            t.start(new Transport.Receiver() {
                @Override
                public void onBytes(byte[] buffer, int length) {
                    decoder.feed(buffer, 0, length, frame -> {
                        try {
                            if (protocol.codec().decodeReply(frame) instanceof DeviceMessage.HelloAck h) {
                                answer.complete(h.hello());
                            }
                        } catch (ProtocolException notOurs) {
                            // another device's chatter, or another dialect
                        }
                    });
                }

                @Override
                public void onClosed(String reason) {
                    answer.complete(null);
                }
            });
            byte[] hello = protocol.wireRequest(new Request(0, new Operation.Hello(1)));
            byte[] flush = protocol.id().equals(WireProtocols.DEFAULT) ? new byte[] {'\n'} : new byte[0];
            byte[] out = new byte[flush.length + hello.length];
            System.arraycopy(flush, 0, out, 0, flush.length);
            System.arraycopy(hello, 0, out, flush.length, hello.length);
            t.write(out);
            return Optional.ofNullable(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } finally {
            t.close();
        }
    }
}

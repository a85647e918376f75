package dev.solemate.cli.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the web server listens: {@code ADDR:PORT} ({@code [::1]:PORT} for IPv6). Only a loopback
 * address is open without a token; anything else needs one (see {@link AccessGuard}).
 *
 * @param address the address to bind
 * @param port    the TCP port, 0 for any free one
 */
record Listen(InetAddress address, int port) {

    /** The default: this machine only, port 8765. */
    static final String DEFAULT = "127.0.0.1:8765";

    /**
     * Parses {@code ADDR:PORT}.
     *
     * @throws IllegalArgumentException naming the value and the expected form
     */
    static Listen parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--listen '" + text + "' is not ADDR:PORT (expected e.g. 127.0.0.1:8765,"
                    + " 0.0.0.0:8765 or [::1]:8765)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen '" + text + "': port '" + value.substring(colon + 1)
                    + "' is out of range (expected 0 to 65535)");
        }
        if (!host.matches("[0-9A-Fa-f.:]+") && !host.equalsIgnoreCase("localhost")) {
            // A name would be resolved through DNS at start; an address says exactly what is exposed.
            throw new IllegalArgumentException("--listen '" + text + "': '" + host
                    + "' is not an IP address (expected e.g. 127.0.0.1, 0.0.0.0, 192.168.1.20 or [::1])");
        }
        try {
            return new Listen(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen '" + text + "': '" + host + "' is not an IP address");
        }
    }

    /** True when only this machine can connect. */
    boolean loopback() {
        return address.isLoopbackAddress();
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }
}

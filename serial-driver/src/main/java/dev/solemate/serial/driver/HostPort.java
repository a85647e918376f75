package dev.solemate.serial.driver;

/** A {@code host:port} pair from a {@code tcp://host:port} URI. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is empty (expected tcp://host:port)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (expected 1 to 65535)");
        }
    }

    /** Parses {@code //host:port} or {@code host:port} ({@code [::1]:port} for IPv6). */
    public static HostPort parse(String target, String uriText) {
        String t = target.startsWith("//") ? target.substring(2) : target;
        if (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + uriText + "' has no port (expected tcp://host:port, e.g. tcp://127.0.0.1:4001)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + uriText + "' has port '" + t.substring(colon + 1)
                    + "' (expected a number from 1 to 65535)");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

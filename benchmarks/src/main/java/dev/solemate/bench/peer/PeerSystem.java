package dev.solemate.bench.peer;

/**
 * One system under measurement: a name for the tables, the MQTT topic prefix of its device
 * ({@code <base>/<device>}, answering {@code /set} on {@code /response}) and the process to sample.
 *
 * @param name    shown in the results, e.g. {@code solemate}
 * @param prefix  topic prefix, e.g. {@code solemate/d}
 * @param pid     the process whose RSS and CPU time are sampled
 */
record PeerSystem(String name, String prefix, long pid) {

    /** Parses {@code name=prefix=pid}, as the runner passes it. */
    static PeerSystem parse(String spec) {
        String[] p = spec.split("=");
        if (p.length != 3) {
            throw new IllegalArgumentException("system '" + spec + "' (expected name=topic-prefix=pid)");
        }
        return new PeerSystem(p[0], p[1], Long.parseLong(p[2]));
    }

    String setTopic() {
        return prefix + "/set";
    }

    String responseTopic() {
        return prefix + "/response";
    }
}

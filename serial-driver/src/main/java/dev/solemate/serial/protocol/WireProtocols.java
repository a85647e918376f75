package dev.solemate.serial.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds dialects by id among those on the class path. */
public final class WireProtocols {

    /** The dialect used when neither the URI nor the profile names one. */
    public static final String DEFAULT = "solemate-text";

    private WireProtocols() {
    }

    /** Every installed dialect by id. */
    public static Map<String, WireProtocol> all() {
        Map<String, WireProtocol> result = new LinkedHashMap<>();
        for (WireProtocol p : ServiceLoader.load(WireProtocol.class, WireProtocols.class.getClassLoader())) {
            result.putIfAbsent(p.id(), p);
        }
        return result;
    }

    /** @throws IllegalArgumentException naming the id and listing the installed ones */
    public static WireProtocol byId(String id) {
        WireProtocol p = all().get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown protocol '" + id + "' (expected one of: "
                    + String.join(", ", all().keySet()) + ")");
        }
        return p;
    }
}

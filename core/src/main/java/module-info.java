/**
 * Solemate core: the massager API, device profiles, routines and their player, the safety governor
 * and the built-in {@code sim:} driver.
 *
 * <p>Open a device with {@link dev.solemate.Massagers#open(String)}; drivers for other schemes
 * ({@code serial:}, {@code tcp:}, {@code mqtt:}) come from other modules through
 * {@link java.util.ServiceLoader}, on the module path ({@code provides}) and on the class path
 * ({@code META-INF/services}) alike.
 */
// A package added to core that serial-driver, mqtt-bridge or applications use must be exported here
// (javac says "package ... is not visible" otherwise); one that is internal stays out.
module dev.solemate.core {
    // DeviceProfile and routine parsing show Jackson's JsonNode in their signatures (LocatedJson).
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    // Every package here is API: the driver SPI included, and sim: whose SimulatedDevice tests use.
    exports dev.solemate;
    exports dev.solemate.device;
    exports dev.solemate.driver;
    exports dev.solemate.json;
    exports dev.solemate.player;
    exports dev.solemate.routine;
    exports dev.solemate.safety;
    exports dev.solemate.secret;
    exports dev.solemate.sim;
    exports dev.solemate.time;

    // Jackson is used through its tree model only (readTree/JsonNode): nothing is bound by
    // reflection, so no package is opened. Bind a class one day, open its package to databind.

    uses dev.solemate.driver.MassagerDriver;
    provides dev.solemate.driver.MassagerDriver with dev.solemate.sim.SimDriver;
}

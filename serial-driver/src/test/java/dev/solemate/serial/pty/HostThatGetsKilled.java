package dev.solemate.serial.pty;

import dev.solemate.Massager;
import dev.solemate.Massagers;
import dev.solemate.device.Intensity;
import dev.solemate.device.Technique;
import dev.solemate.device.Zone;

/**
 * A host process for {@link PseudoTerminalLoopTest}: opens the device, starts a zone and the heater,
 * says READY, and waits to be killed with SIGKILL (no shutdown hook, no stop, no close).
 */
public final class HostThatGetsKilled {

    private HostThatGetsKilled() {
    }

    public static void main(String[] args) throws Exception {
        Massager massager = Massagers.open("serial:" + args[0]);
        massager.setZone(Zone.HEEL, Technique.PRESS, Intensity.of(20)).get();
        massager.setHeat(38).get();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

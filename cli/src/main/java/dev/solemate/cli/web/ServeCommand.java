package dev.solemate.cli.web;

import dev.solemate.Massager;
import dev.solemate.MassagerOptions;
import dev.solemate.Massagers;
import dev.solemate.cli.CtrlC;
import dev.solemate.cli.ExitCodes;
import dev.solemate.cli.history.SessionLog;
import dev.solemate.cli.history.StateDirectory;
import dev.solemate.device.Intensity;
import dev.solemate.safety.SafetyLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code solemate serve}: the bedside dashboard. Opens the massagers, serves the page and its API
 * until Ctrl-C, then stops every device. Closing the page changes nothing on a massager.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serve a live dashboard for a phone or a browser: a foot map, routines with their plots, a big stop,"
                    + " heat, the session clock, tonight and the streak.",
            "It listens on 127.0.0.1 (this machine only) unless told otherwise; any other address needs a token,"
                    + " made on the first start and printed once as a link to open on the phone.",
            "Ctrl-C stops every device and exits."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  solemate serve",
            "      the simulator, on http://127.0.0.1:8765/",
            "  solemate serve --device bedroom=serial:/dev/ttyUSB0",
            "  solemate serve --listen 0.0.0.0:8765",
            "      reachable from a phone on the home network (with the token)",
            "  solemate serve --listen 0.0.0.0:8765 --new-token",
            "      sign every phone out and print a new link",
            "",
            "The page and its API: docs/web.md"})
public final class ServeCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "[NAME=]URI",
            description = "A massager: sim:, serial:/dev/ttyUSB0, tcp://host:port, mqtt://host/solemate/name;"
                    + " repeat for more (default: sim:).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = Listen.DEFAULT,
            description = "Where to listen (default: ${DEFAULT-VALUE}). Any address but 127.0.0.1 needs the token.")
    String listen;

    @Option(names = "--routines", paramLabel = "PATH",
            description = "Your routine files: a .json file or a folder of them; repeat for more.")
    List<Path> routineFiles = new ArrayList<>();

    @Option(names = "--comfort", paramLabel = "PCT",
            description = "Your comfort cap to start with, 1 to 100 %% (the page can change it).")
    Integer comfort;

    @Option(names = "--new-token",
            description = "Replace the token: every phone signed in with the old one is signed out; prints the new link.")
    boolean newToken;

    @Option(names = "--revoke-token",
            description = "Delete the token (signing every phone out) and exit; the next start beyond 127.0.0.1 makes a new one.")
    boolean revokeToken;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path stateDir = StateDirectory.forUser();
        if (revokeToken) {
            boolean removed = WebToken.revoke(stateDir);
            out.println(removed ? "Token revoked: every phone is signed out. The next 'solemate serve --listen ...'"
                    + " beyond 127.0.0.1 prints a new link." : "There was no token to revoke.");
            return ExitCodes.OK;
        }
        Listen where = Listen.parse(listen);
        if (comfort != null && (comfort < 1 || comfort > 100)) {
            throw new IllegalArgumentException("--comfort " + comfort + " is out of range (expected 1 to 100)");
        }
        RoutineCatalog routines = new RoutineCatalog(routineFiles);
        routines.validate();
        List<WebServer.DeviceSpec> specs = specs(devices.isEmpty() ? List.of("sim:") : devices);

        Optional<WebToken> token = Optional.empty();
        if (!where.loopback()) {
            token = Optional.of(newToken ? WebToken.renew(stateDir) : WebToken.loadOrCreate(stateDir));
        } else if (newToken) {
            WebToken.renew(stateDir);
        }

        SafetyLimits limits = SafetyLimits.defaults();
        if (comfort != null) {
            limits = limits.withComfortCap(Intensity.of(comfort));
        }
        List<Massager> opened = new ArrayList<>();
        try {
            for (WebServer.DeviceSpec spec : specs) {
                opened.add(Massagers.open(spec.uri(), MassagerOptions.defaults().withLimits(limits)));
            }
        } catch (RuntimeException e) {
            opened.forEach(Massager::close);
            throw e;
        }
        CountDownLatch done = new CountDownLatch(1);
        try (WebServer server = WebServer.start(where, token, routines, SessionLog.forUser(), Clock.systemDefaultZone(),
                specs);
             CtrlC ctrlC = new CtrlC(done::countDown)) {
            for (int i = 0; i < specs.size(); i++) {
                server.device(specs.get(i).id()).bind(opened.get(i));
            }
            printBanner(out, server, where, token, specs, opened);
            done.await();
            out.println("Stopping every device...");
            out.flush();
            server.close();
            server.devices().forEach(WebDevice::closeMassager);
            out.println("Stopped. Bye.");
            return ctrlC.wasPressed() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        } finally {
            opened.forEach(Massager::close);
        }
    }

    private static void printBanner(PrintWriter out, WebServer server, Listen where, Optional<WebToken> token,
            List<WebServer.DeviceSpec> specs, List<Massager> opened) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            names.add(specs.get(i).id() + " (" + opened.get(i).profile().name() + ")");
        }
        int port = server.address().getPort();
        String host = where.loopback() ? "127.0.0.1" : lanAddress(where);
        String url = "http://" + host + ":" + port + "/";
        out.println("Serving " + String.join(", ", names) + " on " + url);
        if (token.isPresent() && token.get().created()) {
            out.println("Open this link once on your phone; it signs the phone in (keep it private, it controls the massager):");
            out.println("  " + url + "#token=" + token.get().value());
            out.println("To sign every phone out: solemate serve --new-token (prints a new link) or --revoke-token.");
        } else if (token.isPresent()) {
            out.println("Phones signed in before keep working. To sign in another one, or sign every phone out:"
                    + " solemate serve --listen " + where.address().getHostAddress() + ":" + port + " --new-token");
        }
        out.println("Closing the page changes nothing; Ctrl-C here stops every device.");
        out.flush();
    }

    /** The address a phone on the same network can use: the listen address, or this machine's LAN address. */
    private static String lanAddress(Listen where) {
        if (!where.address().isAnyLocalAddress()) {
            String a = where.address().getHostAddress();
            return a.contains(":") ? "[" + a + "]" : a;
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (IOException e) {
            // fall through to the machine's name
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** {@code NAME=URI} or a bare URI; bare ones are named {@code massager}, {@code massager-2}, ... */
    static List<WebServer.DeviceSpec> specs(List<String> flags) {
        List<WebServer.DeviceSpec> result = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        int unnamed = 0;
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            int colon = flag.indexOf(':');
            String name;
            String uri;
            if (eq > 0 && (colon < 0 || eq < colon)) {
                name = flag.substring(0, eq);
                uri = flag.substring(eq + 1);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("--device " + flag + ": name '" + name
                            + "' is not allowed (expected 1 to 64 of A-Z a-z 0-9 _ -)");
                }
            } else {
                unnamed++;
                name = unnamed == 1 ? "massager" : "massager-" + unnamed;
                uri = flag;
            }
            if (uri.isBlank()) {
                throw new IllegalArgumentException("--device " + flag + ": the URI is missing (expected e.g. sim:"
                        + " or serial:/dev/ttyUSB0)");
            }
            if (!used.add(name)) {
                throw new IllegalArgumentException("--device " + flag + ": the name '" + name
                        + "' is used twice (expected a different NAME= for each device)");
            }
            result.add(new WebServer.DeviceSpec(name, uri));
        }
        return result;
    }
}

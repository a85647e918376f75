package dev.solemate.cli;

import picocli.CommandLine;

/** Prints the version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = SolemateCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "solemate " + (version != null ? version : "0.1.0-SNAPSHOT (development build)"),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}

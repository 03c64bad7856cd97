package org.mlmlab.corpus;

import org.mlmlab.FileError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A package of the npm registry that the lab reads data from (the default corpus, the classroom word
 * list): fetched once with the npm client into {@code data/downloads/}, and checked against the
 * registry's published SHA-512 before every use; after that no network is needed.
 *
 * @param spec      the package and its exact version, e.g. {@code nlp-corpus@4.4.0}
 * @param tarball   the file {@code npm pack} writes
 * @param integrity the registry's integrity value for that version: the tarball must hash to it
 */
public record NpmPackage(String spec, String tarball, String integrity) {
    /** The verified tarball in {@code downloads}, fetched with {@code npm pack} when missing. */
    public Path fetch(Path downloads) {
        Path file = downloads.resolve(tarball);
        if (Files.isRegularFile(file) && integrity(file).equals(integrity)) {
            return file;
        }
        try {
            Files.createDirectories(downloads);
            Files.deleteIfExists(file);
            Process npm = new ProcessBuilder("npm", "pack", spec, "--pack-destination", downloads.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(downloads.resolve("npm-pack.log").toFile())
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new CorpusException("npm could not fetch " + spec + " (see " + downloads.resolve("npm-pack.log") + "). "
                        + offlineHint(downloads));
            }
        } catch (IOException e) {
            throw new CorpusException("The npm client is needed once to fetch " + spec + ", and it was not found (" + e.getMessage()
                    + "). Install Node.js and npm (./lab setup does it on Debian/Ubuntu). " + offlineHint(downloads), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CorpusException("Interrupted while fetching " + spec, e);
        }
        String actual = integrity(file);
        if (!actual.equals(integrity)) {
            throw new CorpusException(file + " does not match the published integrity hash of " + spec + " (got " + actual
                    + "). Delete it and fetch again.");
        }
        return file;
    }

    private String offlineHint(Path downloads) {
        return "On a machine with npm, run `npm pack " + spec + "` and copy " + tarball + " into " + downloads
                + ", or train on a local file instead (any .txt, .jsonl or .csv).";
    }

    /** npm's integrity string: "sha512-" and the base64 SHA-512 of the file. */
    static String integrity(Path file) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(FileDigest.of(file, "SHA-512"));
        } catch (IOException e) {
            throw new CorpusException(FileError.cannotRead(file, e), e);
        }
    }
}

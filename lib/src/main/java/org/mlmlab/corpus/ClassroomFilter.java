package org.mlmlab.corpus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classroom-safe text: drops the texts that contain a word or phrase of a maintained list of
 * profanity and slurs, the LDNOOBW list ("List of Dirty, Naughty, Obscene, and Otherwise Bad Words")
 * as the npm package naughty-words 1.2.0 ships it (CC-BY-4.0), English. A listed entry counts only as
 * a whole word, or as a phrase's words in a row, in any case: "class" is not flagged for containing a
 * shorter entry. A text is split into words once, and each word looked up: 100,000 sentences in a second.
 */
public final class ClassroomFilter {
    static final NpmPackage LIST = new NpmPackage("naughty-words@1.2.0", "naughty-words-1.2.0.tgz",
            "sha512-0iadX6fN+3NsfvIRtWmmpEX9VsoIQ6n9FwyIxmew9w5yzFNqMgs/Ky0eAC/z5xXSHtqlVoByiovdROikwH9SXQ==");
    /** A word: letters and digits, with inner apostrophes, ampersands or hyphens (g-spot, s&m). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['&-][\\p{L}\\p{N}]+)*");

    /** Entries of one word. */
    private final Set<String> words = new HashSet<>();
    /** Entries of several words, by their first word: a text matches when it has their words in a row. */
    private final Map<String, List<List<String>>> phrases = new HashMap<>();
    /** Entries with no word at all (a symbol): matched as they are. */
    private final List<String> symbols = new ArrayList<>();

    /** What the filter kept, and how many texts it dropped. */
    public record Result(List<String> kept, int dropped) {
    }

    /** A filter for {@code listed} entries (words, phrases or symbols), in any case. */
    public ClassroomFilter(Collection<String> listed) {
        for (String entry : listed) {
            String e = entry.toLowerCase(Locale.ROOT).strip();
            List<String> entryWords = words(e);
            if (entryWords.size() == 1) {
                words.add(entryWords.get(0));
            } else if (entryWords.size() > 1) {
                phrases.computeIfAbsent(entryWords.get(0), w -> new ArrayList<>()).add(entryWords);
            } else if (!e.isEmpty()) {
                symbols.add(e);
            }
        }
    }

    private static List<String> words(String lowerCase) {
        List<String> out = new ArrayList<>();
        Matcher word = WORD.matcher(lowerCase);
        while (word.find()) {
            out.add(word.group());
        }
        return out;
    }

    /** The English list of naughty-words, fetched once with npm into {@code dataDir/downloads}. */
    public static ClassroomFilter load(Path dataDir) {
        Path tarball = LIST.fetch(dataDir.resolve("downloads"));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarball))))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals("package/en.json")) {
                    JsonArray array = JsonParser.parseReader(new InputStreamReader(tar, StandardCharsets.UTF_8)).getAsJsonArray();
                    List<String> listed = new ArrayList<>();
                    for (JsonElement e : array) {
                        listed.add(e.getAsString());
                    }
                    return new ClassroomFilter(listed);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CorpusException("Could not read the word list in " + tarball + ": " + e.getMessage()
                    + ". Delete it and run again to fetch a fresh copy.", e);
        }
        throw new CorpusException(tarball + " has no package/en.json. Delete it and run again to fetch a fresh copy.");
    }

    /** Whether {@code text} contains a listed word, phrase or symbol. */
    public boolean flags(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> textWords = words(lower);
        for (int i = 0; i < textWords.size(); i++) {
            String w = textWords.get(i);
            if (words.contains(w)) {
                return true;
            }
            for (String part : w.split("['&-]")) {   // a listed word inside a hyphenated one ("xxx-ish") counts too
                if (part.length() < w.length() && words.contains(part)) {
                    return true;
                }
            }
            for (List<String> phrase : phrases.getOrDefault(w, List.of())) {
                if (i + phrase.size() <= textWords.size() && textWords.subList(i, i + phrase.size()).equals(phrase)) {
                    return true;
                }
            }
        }
        return symbols.stream().anyMatch(lower::contains);
    }

    /** The texts that contain no listed word or phrase, in their order, and how many were dropped. */
    public Result apply(List<String> texts) {
        List<String> kept = texts.parallelStream().filter(t -> !flags(t)).toList();
        return new Result(kept, texts.size() - kept.size());
    }
}

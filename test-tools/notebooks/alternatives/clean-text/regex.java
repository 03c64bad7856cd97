// Regular expressions: invisible characters that are not whitespace go first, then every whitespace run becomes one space.
String cleanText(String text) {
    String visible = text.replaceAll("(?![\\s\\x1C-\\x1F])[\\p{Cc}\\p{Cf}\\p{Cn}\\p{Co}\\p{Cs}\\x{FFFD}]", "");
    return visible.replaceAll("[\\s\\x1C-\\x1F\\p{Z}]+", " ").strip();
}

List<String> cleanAll(List<String> texts) {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (String t : texts) {
        String c = cleanText(t);
        if (!c.isEmpty() && seen.add(c)) {
            out.add(c);
        }
    }
    return out;
}

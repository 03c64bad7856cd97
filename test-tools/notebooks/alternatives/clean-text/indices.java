// Code points into an int array, a switch on the character type, the ends trimmed by index at the end.
String cleanText(String text) {
    int[] cps = text.codePoints().toArray();
    int[] out = new int[cps.length];
    int n = 0;
    for (int c : cps) {
        boolean white = Character.isWhitespace(c) || Character.isSpaceChar(c);
        boolean hidden = switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> c == 0xFFFD;
        };
        if (white) {
            if (n > 0 && out[n - 1] != ' ') {
                out[n++] = ' ';
            }
        } else if (!hidden) {
            out[n++] = c;
        }
    }
    if (n > 0 && out[n - 1] == ' ') {
        n--;
    }
    return new String(out, 0, n);
}

List<String> cleanAll(List<String> texts) {
    Map<String, Boolean> kept = new LinkedHashMap<>();
    for (String t : texts) {
        String c = cleanText(t);
        if (c.length() > 0) {
            kept.putIfAbsent(c, true);
        }
    }
    return List.copyOf(kept.keySet());
}

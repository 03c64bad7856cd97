// Whitespace to spaces and invisible characters out in one pass, then split on spaces and join; duplicates dropped by distinct().
String cleanText(String text) {
    StringBuilder visible = new StringBuilder();
    text.codePoints().forEach(c -> {
        int t = Character.getType(c);
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            visible.append(' ');
        } else if (!(t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE || c == 0xFFFD)) {
            visible.appendCodePoint(c);
        }
    });
    return String.join(" ", Arrays.stream(visible.toString().split(" ")).filter(w -> !w.isEmpty()).toList());
}

List<String> cleanAll(List<String> texts) {
    return texts.stream().map(t -> cleanText(t)).filter(t -> !t.isEmpty()).distinct().toList();
}

package org.mlmlab.notebook;

/** Outside a kernel (a terminal, a test): outputs print as their plain-text form. */
final class TerminalDisplay implements KernelDisplay {

    @Override
    public String display(MimeBundle bundle) {
        System.out.println(bundle.plainText());
        return "terminal";
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        System.out.println(bundle.plainText());
    }

    @Override
    public String name() {
        return "terminal";
    }
}

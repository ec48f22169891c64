package dev.modelcompose.engine.binding;

import dev.modelcompose.engine.load.SourceMark;

/** A binding that could not be evaluated at run time, e.g. {@code ${input.n as integer}} on "abc". */
public class BindingException extends RuntimeException {
    private final SourceMark mark;

    public BindingException(String message, SourceMark mark) {
        super(mark == null || mark.line() == 0 ? message : mark + ": " + message);
        this.mark = mark;
    }

    public SourceMark mark() {
        return mark;
    }
}

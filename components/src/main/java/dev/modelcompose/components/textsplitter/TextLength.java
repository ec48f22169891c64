package dev.modelcompose.components.textsplitter;

/** How the splitter measures a piece of text against {@code chunk_size}: characters or a model's tokens. */
@FunctionalInterface
interface TextLength {

    /** Unicode code points, as Python's {@code len} counts them (an emoji is one character). */
    TextLength CHARACTERS = text -> text.codePointCount(0, text.length());

    int of(String text);
}

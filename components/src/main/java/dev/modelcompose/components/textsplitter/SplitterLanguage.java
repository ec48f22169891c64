package dev.modelcompose.components.textsplitter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code language:} presets: LangChain's separator lists for {@code RecursiveCharacterTextSplitter.from_language}.
 * Markdown's heading and rule separators are regular expressions as in LangChain; every other separator is literal
 * (LaTeX's {@code $$} and {@code $} included, which LangChain's regex mode turns into end-of-text anchors).
 */
enum SplitterLanguage {
    PYTHON("\nclass ", "\ndef ", "\n\tdef "),
    JAVASCRIPT("\nfunction ", "\nconst ", "\nlet ", "\nvar ", "\nclass ", "\nif ", "\nfor ", "\nwhile ", "\nswitch ",
            "\ncase ", "\ndefault "),
    TYPESCRIPT("\nenum ", "\ninterface ", "\nnamespace ", "\ntype ", "\nclass ", "\nfunction ", "\nconst ", "\nlet ",
            "\nvar ", "\nif ", "\nfor ", "\nwhile ", "\nswitch ", "\ncase ", "\ndefault "),
    JAVA("\nclass ", "\npublic ", "\nprotected ", "\nprivate ", "\nstatic ", "\nif ", "\nfor ", "\nwhile ", "\nswitch ",
            "\ncase "),
    KOTLIN("\nclass ", "\npublic ", "\nprotected ", "\nprivate ", "\ninternal ", "\ncompanion ", "\nfun ", "\nval ",
            "\nvar ", "\nif ", "\nfor ", "\nwhile ", "\nwhen ", "\ncase ", "\nelse "),
    SCALA("\nclass ", "\nobject ", "\ndef ", "\nval ", "\nvar ", "\nif ", "\nfor ", "\nwhile ", "\nmatch ", "\ncase "),
    GO("\nfunc ", "\nvar ", "\nconst ", "\ntype ", "\nif ", "\nfor ", "\nswitch ", "\ncase "),
    RUST("\nfn ", "\nconst ", "\nlet ", "\nif ", "\nwhile ", "\nfor ", "\nloop ", "\nmatch ", "\nconst "),
    CPP("\nclass ", "\nvoid ", "\nint ", "\nfloat ", "\ndouble ", "\nif ", "\nfor ", "\nwhile ", "\nswitch ", "\ncase "),
    C("\nclass ", "\nvoid ", "\nint ", "\nfloat ", "\ndouble ", "\nif ", "\nfor ", "\nwhile ", "\nswitch ", "\ncase "),
    CSHARP("\ninterface ", "\nenum ", "\nimplements ", "\ndelegate ", "\nevent ", "\nclass ", "\nabstract ",
            "\npublic ", "\nprotected ", "\nprivate ", "\nstatic ", "\nreturn ", "\nif ", "\ncontinue ", "\nfor ",
            "\nforeach ", "\nwhile ", "\nswitch ", "\nbreak ", "\ncase ", "\nelse ", "\ntry ", "\nthrow ",
            "\nfinally ", "\ncatch "),
    RUBY("\ndef ", "\nclass ", "\nif ", "\nunless ", "\nwhile ", "\nfor ", "\ndo ", "\nbegin ", "\nrescue "),
    PHP("\nfunction ", "\nclass ", "\nif ", "\nforeach ", "\nwhile ", "\ndo ", "\nswitch ", "\ncase "),
    SWIFT("\nfunc ", "\nclass ", "\nstruct ", "\nenum ", "\nif ", "\nfor ", "\nwhile ", "\ndo ", "\nswitch ",
            "\ncase "),
    HTML,
    MARKDOWN,
    LATEX,
    SQL("\nSELECT ", "\nFROM ", "\nWHERE ", "\nGROUP BY ", "\nORDER BY ", "\nHAVING ", "\nJOIN ", "\nLEFT JOIN ",
            "\nRIGHT JOIN ", "\nINNER JOIN ", "\nOUTER JOIN ", "\nUNION ", "\nINSERT ", "\nUPDATE ", "\nDELETE ",
            "\nCREATE ", "\nDROP ", "\nALTER "),
    SOLIDITY("\npragma ", "\nusing ", "\ncontract ", "\ninterface ", "\nlibrary ", "\nconstructor ", "\ntype ",
            "\nfunction ", "\nevent ", "\nmodifier ", "\nerror ", "\nstruct ", "\nenum ", "\nif ", "\nfor ",
            "\nwhile ", "\ndo while ", "\nassembly "),
    PROTO("\nmessage ", "\nservice ", "\nenum ", "\noption ", "\nimport ", "\nsyntax ");

    /** The default separators, also the tail of most presets. */
    static final List<String> DEFAULT = List.of("\n\n", "\n", " ", "");

    private static final List<String> HTML_TAGS = List.of("<body", "<div", "<p", "<br", "<li", "<h1", "<h2", "<h3",
            "<h4", "<h5", "<h6", "<span", "<table", "<tr", "<td", "<th", "<ul", "<ol", "<header", "<footer", "<nav",
            "<head", "<style", "<script", "<meta", "<title", "");
    private static final List<String> LATEX_SEPARATORS = List.of("\n\\chapter{", "\n\\section{", "\n\\subsection{",
            "\n\\subsubsection{", "\n\\begin{enumerate}", "\n\\begin{itemize}", "\n\\begin{description}",
            "\n\\begin{list}", "\n\\begin{quote}", "\n\\begin{quotation}", "\n\\begin{verse}", "\n\\begin{verbatim}",
            "\n\\begin{align}", "$$", "$", " ", "");

    private final List<String> keywords;

    SplitterLanguage(String... keywords) {
        this.keywords = List.of(keywords);
    }

    /** The {@code language:} value, e.g. {@code csharp}. */
    String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SplitterLanguage> find(String name) {
        return Arrays.stream(values()).filter(l -> l.yamlName().equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(SplitterLanguage::yamlName).toList();
    }

    /** The separators, tried in order. */
    List<Separator> separators() {
        List<Separator> all = new ArrayList<>();
        switch (this) {
            case HTML -> HTML_TAGS.forEach(s -> all.add(Separator.literal(s)));
            case LATEX -> LATEX_SEPARATORS.forEach(s -> all.add(Separator.literal(s)));
            case MARKDOWN -> {
                all.add(Separator.regex("\n#{1,6} "));
                all.add(Separator.literal("```\n"));
                all.add(Separator.regex("\n\\*\\*\\*+\n"));
                all.add(Separator.regex("\n---+\n"));
                all.add(Separator.regex("\n___+\n"));
                DEFAULT.forEach(s -> all.add(Separator.literal(s)));
            }
            default -> {
                keywords.forEach(s -> all.add(Separator.literal(s)));
                DEFAULT.forEach(s -> all.add(Separator.literal(s)));
            }
        }
        return all;
    }
}

package org.virtiosim.testbench.cli;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code virtio-sim completion bash|zsh}: a completion script for the whole command tree, written
 * by picocli's {@link AutoComplete#bash}, with option values from the registries ({@link Candidates}).
 * An option that takes a comma list ({@code --schemes mmio,i}) completes its last item; one that takes a
 * name or a file ({@code --scenario}) completes files too. zsh runs the
 * same script: its opening lines load zsh's {@code compinit} and {@code bashcompinit}, which give zsh
 * bash's {@code complete}, {@code compgen} and {@code COMP_WORDS}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script (commands, options, and scheme, notify path, scenario,",
            "device profile, firmware, fault kind and parameter names). bash: source <(./virtio-sim completion bash);",
            "zsh: source <(./virtio-sim completion zsh). README, \"Shell completion\", says how to install it."})
final class CompletionCommand implements Callable<Integer> {
    /** The command name the script completes (the shell strips a path such as {@code ./} before looking it up). */
    static final String NAME = "virtio-sim";

    /** The shells a script is written for, by the names users type. */
    enum Shell {
        bash(""),
        zsh("# zsh: this is the bash script; its first lines run zsh's compinit and bashcompinit (under $ZSH_VERSION),\n"
                + "# which let zsh run bash completion functions as they are.\n");

        private final String preamble;

        Shell(String preamble) {
            this.preamble = preamble;
        }
    }

    /** Completes the last item of a comma list; the items before it stay as typed. */
    private static final String LIST_FUNCTION = """

            # compReplyCommaList: as compReplyArray, for an option taking a comma list (--schemes mmio,i):
            # completes the item after the last comma (not one already given) and keeps the ones before it as typed.
            function compReplyCommaList() {
              local curr_word=${COMP_WORDS[COMP_CWORD]}
              local head="" item="$curr_word"
              if [[ "$curr_word" == *,* ]]; then
                head="${curr_word%,*},"
                item="${curr_word##*,}"
              fi
              local option
              for option in "$@"; do
                if [[ "$option" == "$item"* && ",$head" != *",$option,"* ]]; then printf '%s\\n' "$head$option"; fi
              done
            }
            """;
    /** picocli's completion of one option's candidates: the case label, then its COMPREPLY line calling compReplyArray. */
    private static final Pattern CANDIDATES_CASE = Pattern.compile(
            "('(--[a-z-]+)'\\)\\n\\s+local IFS=\\$'\\\\n'\\n\\s+COMPREPLY=\\( \\$\\( )compReplyArray( \"\\$\\{\\w+\\[@]}\" \\) )\\)");
    /** Files too, for an option that takes a name or a file ({@code --scenario NAME|FILE}). */
    private static final String AND_FILES = "$( compgen -f -- \"${curr_word}\" ) )";

    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.print(shell.preamble);
        out.print(script(spec.root().commandLine()));
        out.flush();
        return Main.EXIT_OK;
    }

    /** picocli's bash script for {@code root}, its comma-list options completing item by item, its NAME|FILE ones files too. */
    static String script(CommandLine root) {
        Set<String> lists = new LinkedHashSet<>();
        Set<String> single = new LinkedHashSet<>();
        Set<String> files = new LinkedHashSet<>();
        collect(root.getCommandSpec(), lists, single, files);
        lists.removeAll(single); // a name that is a list in one command and not in another completes whole words
        String bash = AutoComplete.bash(NAME, root);
        Matcher m = CANDIDATES_CASE.matcher(bash);
        StringBuilder b = new StringBuilder();
        Set<String> done = new LinkedHashSet<>();
        while (m.find()) {
            String option = m.group(2);
            boolean list = lists.contains(option);
            done.add(option);
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + (list ? "compReplyCommaList" : "compReplyArray") + m.group(3)
                    + (files.contains(option) ? AND_FILES : ")")));
        }
        m.appendTail(b);
        if (!done.containsAll(lists) || !done.containsAll(files)) {
            throw new IllegalStateException("picocli's completion script no longer has the form expected for " + lists + " and " + files
                    + " (found " + done + ")");
        }
        int entry = b.indexOf("\n# Bash completion entry point function.");
        return b.insert(entry < 0 ? b.length() : entry, LIST_FUNCTION).toString();
    }

    /**
     * Names of options with completion candidates, anywhere in the tree: by whether they take a comma list, and
     * those that take a file as well ({@code NAME|FILE}).
     */
    private static void collect(CommandSpec c, Set<String> lists, Set<String> single, Set<String> files) {
        for (OptionSpec o : c.options()) {
            if (o.completionCandidates() != null && o.arity().max() > 0) {
                (",".equals(o.splitRegex()) ? lists : single).add(o.longestName());
                if (o.paramLabel().contains("FILE")) {
                    files.add(o.longestName());
                }
            }
        }
        c.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), lists, single, files));
    }
}

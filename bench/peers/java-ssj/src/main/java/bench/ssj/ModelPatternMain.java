package bench.ssj;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import umontreal.ssj.simevents.eventlist.BinaryTree;
import umontreal.ssj.simevents.eventlist.DoublyLinked;
import umontreal.ssj.simevents.eventlist.EventList;
import umontreal.ssj.simevents.eventlist.Henriksen;
import umontreal.ssj.simevents.eventlist.RedblackTree;
import umontreal.ssj.simevents.eventlist.SplayTree;

/**
 * Command line of the SSJ MODEL-PATTERN peer, as ../../../../shared/bench/java-ssj's SsjBench:
 * {@code ssj-<list>[-warm<K>] model-pattern events=<n> seconds=<s> rate=<n/s> checksum=<c>}.
 */
public final class ModelPatternMain {
    private static final String USAGE = "usage: ssj-model-pattern [N T] [--event-list splay|redblack|henriksen|binary|doubly]"
            + " [--warmup K]\n  defaults: 4096 3000000000 --event-list redblack; --warmup 0";

    private ModelPatternMain() {}

    private static EventList newList(String name) {
        return switch (name) {
            case "splay" -> new SplayTree();
            case "redblack" -> new RedblackTree();
            case "henriksen" -> new Henriksen();
            case "binary" -> new BinaryTree();
            case "doubly" -> new DoublyLinked();
            default -> throw new IllegalArgumentException("unknown event list: " + name);
        };
    }

    public static void main(String[] args) {
        try {
            List<String> pos = new ArrayList<>();
            String list = "redblack";
            int warmup = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--event-list" -> list = args[++i];
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    default -> pos.add(args[i]);
                }
            }
            if (!(pos.isEmpty() || pos.size() == 2) || warmup < 0) {
                throw new IllegalArgumentException();
            }
            int n = pos.isEmpty() ? 4096 : Integer.parseInt(pos.get(0));
            long end = pos.isEmpty() ? 3_000_000_000L : Long.parseLong(pos.get(1));
            newList(list);
            long[] r = null;
            for (int rep = 0; rep <= warmup; rep++) {
                r = new ModelPattern(newList(list), n, end).run();
            }
            double seconds = r[2] / 1e9;
            System.out.println(String.format(Locale.ROOT, "%s model-pattern events=%s seconds=%.3f rate=%.0f checksum=%s",
                    "ssj-" + list + (warmup > 0 ? "-warm" + warmup : ""), Long.toUnsignedString(r[0]), seconds,
                    r[0] / Math.max(seconds, 1e-9), Long.toUnsignedString(r[1])));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println((e.getMessage() == null ? "" : e.getMessage() + "\n") + USAGE);
            System.exit(2);
        }
    }
}

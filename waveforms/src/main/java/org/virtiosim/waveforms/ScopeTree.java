package org.virtiosim.waveforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scope hierarchy of a list of signals, as every waveform format declares it: one scope per
 * path segment, scopes in order of first appearance, each opened once even when the signal list
 * interleaves components; signals keep their list order inside a scope (their index is their
 * position in the list, whatever order the tree visits them in).
 */
final class ScopeTree {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A visitor of the tree in declaration order. */
    interface Visitor {
        void scope(String name);

        void signal(int index);

        void upscope();
    }

    private final Node root = new Node("");
    private int scopes;

    /**
     * Builds the tree; a path with no component or a segment that is not an identifier is refused
     * ('.', ':', '[' and friends make GTKWave misread the hierarchy, VCD-NOTES pitfalls).
     */
    ScopeTree(List<WaveSignal> signals) {
        for (int i = 0; i < signals.size(); i++) {
            String path = signals.get(i).path();
            String[] seg = path.split("\\.", -1);
            if (seg.length < 2) {
                throw new IllegalArgumentException("probe path '" + path + "' has no component");
            }
            for (String s : seg) {
                if (!SEGMENT.matcher(s).matches()) {
                    throw new IllegalArgumentException("probe path '" + path + "': bad segment '" + s + "'");
                }
            }
            Node n = root;
            for (int k = 0; k < seg.length - 1; k++) {
                n = n.children.computeIfAbsent(seg[k], this::newNode);
            }
            n.signals.add(i);
        }
    }

    private Node newNode(String name) {
        scopes++;
        return new Node(name);
    }

    /** Scopes in the tree. */
    int scopes() {
        return scopes;
    }

    /** Visits every scope: its opening, its signals, its child scopes, its closing. */
    void visit(Visitor v) {
        for (Node n : root.children.values()) {
            visit(n, v);
        }
    }

    private static void visit(Node n, Visitor v) {
        v.scope(n.name);
        for (int i : n.signals) {
            v.signal(i);
        }
        for (Node c : n.children.values()) {
            visit(c, v);
        }
        v.upscope();
    }

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        final List<Integer> signals = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }
    }
}

package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"mpsim/app/internal/session"
)

// decodedMark follows a node that was a JSON string, shown decoded.
const decodedMark = "JSON string, decoded"

// jsonNode is one node of the inspector's tree.
type jsonNode struct {
	key string // the member name or [index]; "" for the root
	// value is the node's value: map[string]any, []any, string,
	// json.Number, bool or nil; a decoded JSON string holds what it decoded to.
	value any
	// decoded says the page passed this value as a string holding JSON.
	decoded  bool
	children []string // child IDs in order
}

// jsonTree is the inspector's tree view of one log record: collapsible,
// every node copyable, strings that hold JSON decoded and marked as such.
// It is used from the UI goroutine only.
type jsonTree struct {
	clipboard func() fyne.Clipboard

	nodes    map[string]*jsonNode
	selected string
	tree     *widget.Tree
	copyBtn  *widget.Button
}

func newJSONTree(clipboard func() fyne.Clipboard) *jsonTree {
	return &jsonTree{clipboard: clipboard, nodes: map[string]*jsonNode{}}
}

func (t *jsonTree) buildUI() fyne.CanvasObject {
	t.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID {
			if n := t.nodes[id]; n != nil {
				return n.children
			}
			return nil
		},
		func(id widget.TreeNodeID) bool {
			n := t.nodes[id]
			return n != nil && len(n.children) > 0
		},
		func(bool) fyne.CanvasObject {
			l := widget.NewLabel("")
			l.TextStyle.Monospace = true
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			n := t.nodes[id]
			if n == nil {
				l.SetText("")
				return
			}
			l.Importance = widget.MediumImportance
			if n.decoded {
				l.Importance = widget.HighImportance
			}
			l.SetText(nodeLabel(n))
		})
	t.tree.OnSelected = func(id widget.TreeNodeID) {
		t.selected = id
		t.copyBtn.Enable()
	}
	t.tree.OnUnselected = func(widget.TreeNodeID) { t.selected = ""; t.copyBtn.Disable() }
	t.copyBtn = widget.NewButtonWithIcon("Copy node", theme.ContentCopyIcon(), t.copyNode)
	t.copyBtn.Disable()
	return t.tree
}

// jsonValueRunes is how much of a right-to-left string value a JSON tree
// row shows: the row cuts what does not fit at its end, which for text in
// display order is the logical start, so such a value is cut in logical
// order first (cutThenOrder). The copy buttons copy it whole.
const jsonValueRunes = 60

// nodeLabel is a node's row: its key and its value or size.
func nodeLabel(n *jsonNode) string {
	key := n.key
	if key == "" {
		key = "record"
	}
	var val string
	switch v := n.value.(type) {
	case map[string]any:
		val = "{" + plural(len(v), "member") + "}"
	case []any:
		val = "[" + plural(len(v), "item") + "]"
	case string:
		b, _ := json.Marshal(cutThenOrder(v, jsonValueRunes)) // a string always marshals
		val = string(b)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			val = fmt.Sprint(v)
		} else {
			val = string(b)
		}
	}
	if n.decoded {
		val += "  — " + decodedMark
	}
	return key + ": " + val
}

// show replaces the tree with record (a value from rawRecord) and opens
// its first levels and every decoded string.
func (t *jsonTree) show(record any) {
	t.nodes = map[string]*jsonNode{}
	t.add("", "", record)
	t.selected = ""
	if t.tree == nil {
		return
	}
	t.tree.UnselectAll()
	t.copyBtn.Disable()
	t.tree.Refresh()
	for id, n := range t.nodes {
		if len(n.children) > 0 && (strings.Count(id, "/") <= 1 || n.decoded) {
			t.tree.OpenBranch(id)
		}
	}
}

// clear empties the tree.
func (t *jsonTree) clear() { t.show(nil) }

// add records the node id (key) holding v and its children. A string
// holding a JSON object or array is decoded and marked.
func (t *jsonTree) add(id, key string, v any) {
	n := &jsonNode{key: key, value: v}
	if s, ok := v.(string); ok {
		if inner, ok := decodeJSONString(s); ok {
			n.value, n.decoded = inner, true
		}
	}
	t.nodes[id] = n
	switch c := n.value.(type) {
	case map[string]any:
		keys := make([]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			cid := id + "/" + strconv.Itoa(i)
			n.children = append(n.children, cid)
			t.add(cid, k, c[k])
		}
	case []any:
		for i, x := range c {
			cid := id + "/" + strconv.Itoa(i)
			n.children = append(n.children, cid)
			t.add(cid, "["+strconv.Itoa(i)+"]", x)
		}
	}
}

// decodeJSONString decodes s when it holds a JSON object or array.
func decodeJSONString(s string) (any, bool) {
	trim := strings.TrimSpace(s)
	if !strings.HasPrefix(trim, "{") && !strings.HasPrefix(trim, "[") {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(trim))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return nil, false
	}
	return v, true
}

// nodeJSON is a node's value as indented JSON (what Copy node copies); a
// decoded string is copied decoded.
func (t *jsonTree) nodeJSON(id string) string {
	n := t.nodes[id]
	if n == nil {
		return ""
	}
	return prettyJSON(n.value)
}

func (t *jsonTree) copyNode() {
	if t.selected != "" {
		copyText(t.clipboard, t.nodeJSON(t.selected))
	}
}

// rawRecord is a log entry's full record for the tree, with the bridge
// arguments exactly as the page passed them (a string stays a string, so
// the tree can mark the ones that held JSON).
func rawRecord(e session.LogEntry) any {
	b, err := json.Marshal(e)
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return map[string]any{"error": err.Error()}
	}
	if m, ok := v.(map[string]any); ok && e.Call != nil {
		m["origin"] = origin(e.Call.PageURL)
	}
	return v
}

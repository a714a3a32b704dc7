package needs

import "strconv"

// What a write to needs changes, named for the caches of answers read
// from needs (see store.Tagged and store.DB.Changed): a backing changes its
// need (Tag) and the lists and counts of needs (TagLists); a need's text
// or state may also change which needs are similar to others (TagTexts).
const (
	// TagLists is every list, count and search of needs.
	TagLists = "needs"
	// TagTexts is what decides which needs are similar to which: any
	// need's title, problem, benefit and state.
	TagTexts = "needs:text"
)

// Tag is the tag of one need: its fields, backings, history and
// attachments.
func Tag(id int64) string { return "need:" + strconv.FormatInt(id, 10) }

// Depends returns what the view shows, as tags: the need, the needs shown
// as similar (their states and backing counts are on the page), and which
// needs are similar at all. Anything else it shows (organisations, cited
// decisions, the method) is written without tags, and such writes end
// every cached answer.
func (v *View) Depends() []string {
	tags := []string{Tag(v.Need.ID), TagTexts}
	for _, n := range v.Similar {
		tags = append(tags, Tag(n.ID))
	}
	return tags
}

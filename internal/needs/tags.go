package needs

import (
	"context"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/policy"
)

// What a write to needs changes, named for the caches of answers read
// from needs (see store.Tagged and store.DB.Changed): a backing changes its
// need (Tag) and the lists and counts of needs (TagLists); an edit changes
// the need's list of similar needs too (SimilarTag).
//
// The similar needs a need's page shows are found when that need is first
// shown after its text changed, and kept until it changes again
// (SimilarTag), whatever its backings do. A need
// that enters the candidates (submitted, or its text edited while others
// see it) changes the needs it is most like (touchNeighbours), so their
// lists are found again; the similarity is near enough symmetric that its
// own nearest neighbourCount needs cover those whose lists it enters (the
// few it misses are found again within cacheTTL).
const TagLists = "needs"

// neighbourCount is how many of a changed need's most similar needs have
// their similar-needs lists found again.
const neighbourCount = 20

// Tag is the tag of one need: its fields, backings, history and
// attachments.
func Tag(id int64) string { return "need:" + strconv.FormatInt(id, 10) }

// SimilarTag is the tag of the list of needs similar to one need: it
// changes with the need's text (UpdateNeed) and when a need like it enters
// the candidates (touchNeighbours), not with its backings.
func SimilarTag(id int64) string { return "similar:" + strconv.FormatInt(id, 10) }

// Depends returns what the view shows, as tags: the need and the needs
// shown as similar (their states and backing counts are on the page).
// Anything else it shows (organisations, cited decisions, the method) is
// written without tags, and such writes end every cached answer.
func (v *View) Depends() []string {
	tags := []string{Tag(v.Need.ID), SimilarTag(v.Need.ID)}
	for _, n := range v.Similar {
		tags = append(tags, Tag(n.ID))
	}
	return tags
}

// touchNeighbours marks the lists of similar needs of the needs most like
// n as changed: n is now among their candidates. It runs after n's write
// has committed, outside the write lock (the full-text search costs more
// than the write); a list read in between was read before the touch and
// ends with it. When the search fails, those lists stay until cacheTTL.
func (s *Service) touchNeighbours(ctx context.Context, a *policy.Actor, n *Need) {
	words := SignificantWords(n.Title+" "+n.Problem, 12)
	if len(words) == 0 {
		return
	}
	f := Filter{SignedIn: true}
	if a != nil {
		f.ViewerOrgID = a.OrgID
	}
	rows, err := s.store.FindSimilarNeeds(ctx, strings.Join(words, " "), n.ID, f, neighbourCount)
	if err != nil {
		return
	}
	tags := make([]string, 0, len(rows))
	for _, r := range rows {
		tags = append(tags, SimilarTag(r.ID))
	}
	s.store.Touch(ctx, tags...)
}

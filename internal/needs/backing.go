package needs

import (
	"context"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// Back records that the actor's organisation backs the need, with an
// optional comment. Errors, in this order: NotFound, Invalid (no
// organisation), Forbidden (not a member organisation), Conflict (already
// backing, or the need is a draft or closed), Invalid (the comment).
func (s *Service) Back(ctx context.Context, a *policy.Actor, id int64, comment string) (*Backing, error) {
	if signedIn(a) && a.OrgID == 0 {
		return nil, errs.InvalidField("organisation", "needs.error.backing_no_org")
	}
	comment = strings.TrimSpace(comment)
	var b *Backing
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.NeedBack, res(n)); err != nil {
			return err
		}
		if !Backable(n.State) {
			return errs.E(errs.Conflict, "needs.error.back_state")
		}
		if _, err := s.store.FindActiveBacking(ctx, id, a.OrgID); err == nil {
			return errs.E(errs.Conflict, "needs.error.already_backing")
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		if utf8.RuneCountInString(comment) > 2000 || HasMarkup(comment) {
			return errs.InvalidField("comment", "needs.error.markup")
		}
		b = &Backing{NeedID: id, OrgID: a.OrgID, PersonID: a.PersonID, Comment: comment}
		if err := s.store.CreateBacking(ctx, b); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.back", ObjectType: "need", ObjectID: id, After: b})
	})
	if errs.Is(err, errs.Conflict) && errs.As(err).Key == "error.duplicate" {
		err = errs.E(errs.Conflict, "needs.error.already_backing")
	}
	return b, err
}

// Unback withdraws the actor's organisation's backing (kept with its
// withdrawal time). Errors: NotFound (no such need, or no backing),
// Forbidden, Invalid (no organisation).
func (s *Service) Unback(ctx context.Context, a *policy.Actor, id int64) error {
	if signedIn(a) && a.OrgID == 0 {
		return errs.InvalidField("organisation", "needs.error.backing_no_org")
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.NeedBack, res(n)); err != nil {
			return err
		}
		b, err := s.store.FindActiveBacking(ctx, id, a.OrgID)
		if err != nil {
			return errs.E(errs.NotFound, "needs.error.not_backing")
		}
		if err := s.store.WithdrawBacking(ctx, id, b.ID, a.PersonID); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.unback", ObjectType: "need", ObjectID: id, Before: b})
	})
}

// Backings returns a need's current backings and their sums. The public
// gets no person names. Errors: NotFound.
func (s *Service) Backings(ctx context.Context, a *policy.Actor, id int64) ([]*Backing, Stats, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, Stats{}, err
	}
	return s.backingsOf(ctx, a, n)
}

func (s *Service) backingsOf(ctx context.Context, a *policy.Actor, n *Need) ([]*Backing, Stats, error) {
	bs, err := s.store.FindBackings(ctx, n.ID, false)
	if err != nil {
		return nil, Stats{}, err
	}
	st, err := s.backingStats(ctx, n.ID)
	if err != nil {
		return nil, Stats{}, err
	}
	if !signedIn(a) {
		for _, b := range bs {
			b.PersonID, b.PersonName = 0, ""
		}
	}
	return bs, st, nil
}

// backingStats sums up a need's backing, kept until a write changes the
// need (Tag) or anything untagged (organisations' populations and names).
func (s *Service) backingStats(ctx context.Context, id int64) (Stats, error) {
	if st, ok := s.cache.stats(id, s.store.Changed, s.Now()); ok {
		return st, nil
	}
	gen := s.store.WriteGeneration() // before reading: a write meanwhile ends the entry
	st, err := s.store.BackingStats(ctx, id)
	if err != nil {
		return Stats{}, err
	}
	s.cache.setStats(id, st, gen, s.Now())
	return st, nil
}

// Similar returns the needs most like need id (by full-text similarity of
// title, problem and benefit) that the actor may see. Errors: NotFound.
func (s *Service) Similar(ctx context.Context, a *policy.Actor, id int64, limit int) ([]*Need, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.similarOf(ctx, a, n, limit)
}

func (s *Service) similarOf(ctx context.Context, a *policy.Actor, n *Need, limit int) ([]*Need, error) {
	key := similarKey{id: n.ID, signedIn: signedIn(a), limit: limit}
	if ids, ok := s.cache.similarIDs(key, s.store.Changed, s.Now()); ok {
		return s.similarByIDs(ctx, a, ids)
	}
	gen := s.store.WriteGeneration() // before reading: a write meanwhile ends the entry
	rows, err := s.similar(ctx, a, n.Title+" "+n.Problem, n.ID, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	s.cache.setSimilarIDs(key, ids, gen, s.Now())
	return rows, nil
}

// similarByIDs reads cached similar needs afresh, keeping only those the
// actor may still see (a need may have become a draft's merge target, or
// left the public states, since the list was made).
func (s *Service) similarByIDs(ctx context.Context, a *policy.Actor, ids []int64) ([]*Need, error) {
	var f Filter
	if err := s.visibility(ctx, a, &f); err != nil {
		return nil, err
	}
	rows, err := s.store.FindNeedsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, n := range rows {
		// Similar needs are never drafts or merged ones.
		if n.State != Draft && n.State != Merged && Visible(a, n, f.PublicStates) {
			out = append(out, n)
		}
	}
	s.finish(a, out, f.PublicStates)
	return out, nil
}

// SimilarTo returns the visible needs most like a title and problem being
// written (the "check for similar needs" step). Errors: Invalid.
func (s *Service) SimilarTo(ctx context.Context, a *policy.Actor, title, problem string, limit int) ([]*Need, error) {
	if err := policy.Check(a, policy.NeedList, policy.Resource{}); err != nil {
		return nil, err
	}
	if len(title)+len(problem) > 20000 {
		return nil, errs.InvalidField("title", "error.too_long", "max", 20000)
	}
	return s.similar(ctx, a, title+" "+problem, 0, limit)
}

func (s *Service) similar(ctx context.Context, a *policy.Actor, text string, exclude int64, limit int) ([]*Need, error) {
	var f Filter
	if err := s.visibility(ctx, a, &f); err != nil {
		return nil, err
	}
	words := SignificantWords(text, 12)
	if len(words) == 0 {
		return []*Need{}, nil
	}
	if limit <= 0 || limit > 20 {
		limit = 5
	}
	rows, err := s.store.FindSimilarNeeds(ctx, strings.Join(words, " "), exclude, f, limit)
	if err != nil {
		return nil, err
	}
	s.finish(a, rows, f.PublicStates)
	return rows, nil
}

// Attach adds a file to a need. The type is judged from the content.
// Errors: NotFound, Forbidden, Invalid (empty, too large, wrong type),
// Conflict (closed need).
func (s *Service) Attach(ctx context.Context, a *policy.Actor, id int64, att *Attachment) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		n, err := s.load(ctx, a, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.NeedAttach, res(n)); err != nil {
			return err
		}
		if !IsOpen(n.State) {
			return errs.E(errs.Conflict, "needs.error.closed")
		}
		if err := CheckAttachment(att); err != nil {
			return err
		}
		att.NeedID, att.UploadedBy = id, a.PersonID
		if err := s.store.CreateAttachment(ctx, att); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.attach", ObjectType: "need", ObjectID: id, After: att})
	})
}

// Attachments lists a need's attachments (without content). Errors:
// NotFound, Unauthenticated.
func (s *Service) Attachments(ctx context.Context, a *policy.Actor, id int64) ([]*Attachment, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.NeedAttachments, res(n)); err != nil {
		return nil, err
	}
	return s.store.FindAttachments(ctx, id)
}

// Attachment returns one attachment with its content. Errors: NotFound,
// Unauthenticated.
func (s *Service) Attachment(ctx context.Context, a *policy.Actor, id, attID int64) (*Attachment, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := policy.Check(a, policy.NeedAttachments, res(n)); err != nil {
		return nil, err
	}
	return s.store.FindAttachment(ctx, id, attID)
}

// stopwords are left out of similarity queries (bokmål, nynorsk, English).
// The set is built at first use, not at every start of the binary.
var stopwords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(`og i på til for av med som er det en et ei at de den dei ein eit har ikke ikkje kan vi skal
		fra frå om eller ved må mellom etter når kva hva hvor kor alle mer meir også og så seg sin sitt sine var vil vert blir bli
		være vere the and of to in for on with is are be as by an or not this that from it its our their`) {
		set[w] = true
	}
	return set
})

// SignificantWords returns up to max distinct lower-case words of text of
// three or more letters that are not stopwords, in order. They contain only
// letters and digits, so they are safe to build full-text queries from.
func SignificantWords(text string, max int) []string { return words(text, max, 3) }

// SearchWords are the words of a search: as SignificantWords, but from two
// letters on, so that "KS" or "3D" can be searched for.
func SearchWords(text string, max int) []string { return words(text, max, 2) }

func words(text string, max, minLen int) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == 'æ' || r == 'ø' || r == 'å' || r > 127 && isLetter(r))
	}) {
		if utf8.RuneCountInString(w) < minLen || stopwords()[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
		if len(out) == max {
			break
		}
	}
	return out
}

func isLetter(r rune) bool {
	return strings.ContainsRune("áàâäéèêëíìîïóòôöúùûüýÿçñšžčđŋŧ", r)
}

package needs

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/listing"
	"github.com/samstyr/samstyr/internal/notify"
	"github.com/samstyr/samstyr/internal/policy"
)

// Store is what the needs service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder
	// WriteGeneration changes after every committed write (caches compare it).
	WriteGeneration() uint64
	// Changed reports whether a write after generation since changed what
	// depends on tags (see Tag, TagLists).
	Changed(since uint64, tags ...string) bool
	// Touch marks tags as changed by the transaction in ctx.
	Touch(ctx context.Context, tags ...string)

	FindNeedByID(ctx context.Context, id int64) (*Need, error)
	FindNeeds(ctx context.Context, f Filter) ([]*Need, error)
	FindSimilarNeeds(ctx context.Context, text string, exclude int64, f Filter, limit int) ([]*Need, error)
	// FindNeedsByIDs reads needs in the order of ids (missing ones left out).
	FindNeedsByIDs(ctx context.Context, ids []int64) ([]*Need, error)
	CreateNeed(ctx context.Context, n *Need) error
	UpdateNeed(ctx context.Context, n *Need) error
	CreateNeedEvent(ctx context.Context, e *Event) error
	FindNeedEvents(ctx context.Context, needID int64) ([]*Event, error)
	NeedRecipients(ctx context.Context, needID int64) ([]int64, error)
	PersonInOrg(ctx context.Context, personID, orgID int64) (bool, error)
	BodyExists(ctx context.Context, id int64) (bool, error)
	// BodyKind returns a body's kind, or NotFound.
	BodyKind(ctx context.Context, id int64) (string, error)
	FindOrgPeople(ctx context.Context, orgID int64) ([]Contact, error)

	FindBackings(ctx context.Context, needID int64, withdrawn bool) ([]*Backing, error)
	FindActiveBacking(ctx context.Context, needID, orgID int64) (*Backing, error)
	CreateBacking(ctx context.Context, b *Backing) error
	WithdrawBacking(ctx context.Context, needID, id, by int64) error
	MoveBackings(ctx context.Context, from, into int64) (moved, dropped int64, err error)
	BackingStats(ctx context.Context, needID int64) (Stats, error)

	CreateAttachment(ctx context.Context, a *Attachment) error
	FindAttachments(ctx context.Context, needID int64) ([]*Attachment, error)
	FindAttachment(ctx context.Context, needID, id int64) (*Attachment, error)

	FindMethods(ctx context.Context) ([]*Method, error)
	FindMethodByID(ctx context.Context, id int64) (*Method, error)
	FindLatestMethod(ctx context.Context) (*Method, error)
	CreateMethod(ctx context.Context, m *Method) error
	UpdateMethod(ctx context.Context, m *Method) error

	CreateRound(ctx context.Context, r *Round) error
	FindRounds(ctx context.Context) ([]*Round, error)
	FindRoundByID(ctx context.Context, id int64) (*Round, error)
	SaveScores(ctx context.Context, roundID, needID, assessorID int64, in []ScoreInput) error
	FindScores(ctx context.Context, roundID, needID, viewerID int64) ([]Score, error)
	FindAllScores(ctx context.Context, roundID int64) ([]Score, error)
	ScoredNeeds(ctx context.Context, roundID, assessorID int64) ([]int64, error)
	// FindRoundAssessors returns the people expected to score a round on
	// a day: the user council's members then (chair, deputy chair, member).
	FindRoundAssessors(ctx context.Context, on time.Time) ([]Assessor, error)
	CloseRound(ctx context.Context, r *Round) error
}

// Service holds the needs use cases.
type Service struct {
	store Store
	// Notifier is told about state changes; NopNotifier by default.
	Notifier Notifier
	// Decisions checks decision ids; nil until the meetings area provides it.
	Decisions Decisions
	// Now is the clock.
	Now func() time.Time

	cache cache
}

// NewService returns the needs service.
func NewService(s Store) *Service {
	return &Service{store: s, Notifier: NopNotifier{}, Now: time.Now}
}

func res(n *Need) policy.Resource {
	return policy.Resource{OrgID: n.OrgID, State: n.State, Public: n.Public}
}

func signedIn(a *policy.Actor) bool { return a != nil && a.PersonID != 0 }

// publicStates returns the states the current method makes public.
func (s *Service) publicStates(ctx context.Context) ([]string, error) {
	if ps, ok := s.cache.publicStates(s.Now()); ok {
		return ps, nil
	}
	m, err := s.store.FindLatestMethod(ctx)
	if errs.Is(err, errs.NotFound) {
		return DefaultPublicStates, nil
	}
	if err != nil {
		return nil, err
	}
	s.cache.setPublicStates(m.PublicStates, s.Now())
	return m.PublicStates, nil
}

// visibility fills the filter's visibility from the actor.
func (s *Service) visibility(ctx context.Context, a *policy.Actor, f *Filter) error {
	ps, err := s.publicStates(ctx)
	if err != nil {
		return err
	}
	f.PublicStates, f.SignedIn = ps, signedIn(a)
	if a != nil {
		f.ViewerOrgID = a.OrgID
	}
	return nil
}

// List returns a page of the needs the actor may see. Errors: Invalid.
func (s *Service) List(ctx context.Context, a *policy.Actor, f Filter) (listing.Page[*Need], error) {
	var page listing.Page[*Need]
	if err := policy.Check(a, policy.NeedList, policy.Resource{}); err != nil {
		return page, err
	}
	if err := f.Validate(); err != nil {
		return page, err
	}
	if f.Limit == 0 {
		f.Limit = listing.DefaultLimit
	}
	if err := s.visibility(ctx, a, &f); err != nil {
		return page, err
	}
	want := f.Limit
	f.Limit++
	// A page depends only on the filter and what the viewer may see (the
	// public, or people of one organisation), so it is reused until a write
	// changes lists of needs (TagLists, or a write that names nothing), or
	// listTTL.
	key := listKey(f)
	rows, gen, cached := s.cache.list(key, s.store.Changed, s.Now())
	if !cached {
		gen = s.store.WriteGeneration() // before reading: a write meanwhile ends the entry
		var err error
		if rows, err = s.store.FindNeeds(ctx, f); err != nil {
			return page, err
		}
		s.finish(a, rows, f.PublicStates)
		s.cache.setList(key, gen, rows, s.Now())
	}
	page = listing.Trim(rows, want, func(n *Need) listing.Cursor { return listing.Cursor{Key: SortKey(n, f.Sort), ID: n.ID} })
	page.Version = listVersion(key, gen)
	return page, nil
}

// listVersion names a page of needs: the same filter and viewer (key, in
// full: a hash could mistake one viewer's page for another's) at the same
// write generation give the same page.
func listVersion(key string, gen uint64) string {
	return "needs\x00" + strconv.FormatUint(gen, 10) + "\x00" + key
}

// finish sets the public flag and redacts for the public.
func (s *Service) finish(a *policy.Actor, rows []*Need, public []string) {
	for _, n := range rows {
		n.Public = PublicIn(n.State, public)
		if !signedIn(a) {
			n.Redact()
		}
	}
}

// load returns a need the actor may see (Visible): others' drafts, and
// for the public needs that are not public, are NotFound.
func (s *Service) load(ctx context.Context, a *policy.Actor, id int64) (*Need, error) {
	n, err := s.store.FindNeedByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ps, err := s.publicStates(ctx)
	if err != nil {
		return nil, err
	}
	n.Public = PublicIn(n.State, ps)
	if !Visible(a, n, ps) {
		return nil, errs.E(errs.NotFound, "error.not_found", "kind", "need", "id", strconv.FormatInt(id, 10))
	}
	if err := policy.Check(a, policy.NeedView, res(n)); err != nil {
		return nil, err
	}
	return n, nil
}

// Get returns one need, with the decision that prioritised it. Errors:
// NotFound (also for drafts of other organisations and, for the public,
// needs that are not public).
func (s *Service) Get(ctx context.Context, a *policy.Actor, id int64) (*Need, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.cite(ctx, n); err != nil {
		return nil, err
	}
	if !signedIn(a) {
		n.Redact()
	}
	return n, nil
}

// reread reads a need back after a change, with its decision.
func (s *Service) reread(ctx context.Context, id int64) (*Need, error) {
	n, err := s.store.FindNeedByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return n, s.cite(ctx, n)
}

// cite fills the need's Decision from its decision id.
func (s *Service) cite(ctx context.Context, n *Need) error {
	if n.DecisionID == 0 || s.Decisions == nil {
		return nil
	}
	d, err := s.Decisions.FindDecisionRef(ctx, n.DecisionID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	n.Decision = d
	return nil
}

// View is a need with everything its page shows, each read once, and
// what the reader may do with it.
type View struct {
	Need        *Need
	Backings    []*Backing
	Stats       Stats
	History     []*Event
	Similar     []*Need
	Attachments []*Attachment
	Allowed     Allowed
}

// View returns need id as the actor's page shows it: the need, its
// backings, history, up to similar similar needs (none when 0) and
// attachments (when the actor may read them), and Allowed. Errors:
// NotFound.
func (s *Service) View(ctx context.Context, a *policy.Actor, id int64, similar int) (*View, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.cite(ctx, n); err != nil {
		return nil, err
	}
	v := &View{Need: n}
	if v.Backings, v.Stats, err = s.backingsOf(ctx, a, n); err != nil {
		return nil, err
	}
	if v.History, err = s.historyOf(ctx, a, n); err != nil {
		return nil, err
	}
	if similar > 0 {
		if v.Similar, err = s.similarOf(ctx, a, n, similar); err != nil {
			return nil, err
		}
	}
	backing := false
	for _, b := range v.Backings {
		backing = backing || (a != nil && a.OrgID != 0 && b.OrgID == a.OrgID)
	}
	v.Allowed = allowed(a, n, backing)
	if v.Allowed.Attachments {
		if v.Attachments, err = s.store.FindAttachments(ctx, id); err != nil {
			return nil, err
		}
	}
	if !signedIn(a) {
		n.Redact()
	}
	return v, nil
}

// Create files a need for the actor's organisation: a draft when in.Draft,
// else submitted (and backed by the organisation). Errors: Unauthenticated,
// Forbidden (not a member organisation), Invalid.
func (s *Service) Create(ctx context.Context, a *policy.Actor, in Input) (*Need, error) {
	if signedIn(a) && a.OrgID == 0 {
		return nil, errs.E(errs.Forbidden, "needs.error.no_org")
	}
	if err := policy.Check(a, policy.NeedCreate, policy.Resource{}); err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := checkAttachments(in.Attachments); err != nil {
		return nil, err
	}
	n := &Need{OrgID: a.OrgID, SubmitterID: a.PersonID, ContactID: in.ContactID, State: Draft}
	in.apply(n)
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.checkContact(ctx, a, n); err != nil {
			return err
		}
		if err := s.store.CreateNeed(ctx, n); err != nil {
			return err
		}
		if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.create", ObjectType: "need", ObjectID: n.ID, After: n}); err != nil {
			return err
		}
		if err := s.store.CreateNeedEvent(ctx, &Event{NeedID: n.ID, To: Draft, ActorID: a.ID()}); err != nil {
			return err
		}
		for _, att := range in.Attachments {
			att.NeedID, att.UploadedBy = n.ID, a.PersonID
			if err := s.store.CreateAttachment(ctx, att); err != nil {
				return err
			}
			if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.attach", ObjectType: "need", ObjectID: n.ID, After: att}); err != nil {
				return err
			}
		}
		if in.Draft {
			return nil
		}
		return s.move(ctx, a, n, Transition{To: Submitted, Comment: "-"})
	})
	if err != nil {
		return nil, err
	}
	if !in.Draft { // submitted: a candidate for other needs' similar lists now
		s.touchNeighbours(ctx, a, n)
	}
	return s.reread(ctx, n.ID)
}

// checkContact defaults the contact person to the actor and checks that a
// given one belongs to the need's organisation.
func (s *Service) checkContact(ctx context.Context, a *policy.Actor, n *Need) error {
	if n.ContactID == 0 {
		n.ContactID = a.PersonID
		return nil
	}
	ok, err := s.store.PersonInOrg(ctx, n.ContactID, n.OrgID)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("contact_id", "needs.error.contact")
	}
	return nil
}

// Update changes a draft or returned need. Errors: NotFound, Forbidden,
// Conflict (the need is past editing), Invalid.
func (s *Service) Update(ctx context.Context, a *policy.Actor, id int64, in Input) (*Need, error) {
	in.Normalize()
	var n *Need
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = s.load(ctx, a, id); err != nil {
			return err
		}
		if err := policy.Check(a, policy.NeedUpdate, res(n)); err != nil {
			return err
		}
		if n.State != Draft && n.State != Returned {
			return errs.E(errs.Conflict, "needs.error.not_editable")
		}
		in.Draft = n.State == Draft
		if err := in.Validate(); err != nil {
			return err
		}
		before := *n
		in.apply(n)
		n.ContactID = in.ContactID
		if err := s.checkContact(ctx, a, n); err != nil {
			return err
		}
		if err := s.store.UpdateNeed(ctx, n); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.update", ObjectType: "need", ObjectID: n.ID, Before: before, After: n})
	})
	if err != nil {
		return nil, err
	}
	if n.State != Draft { // others see it: it may now be like other needs
		s.touchNeighbours(ctx, a, n)
	}
	return s.reread(ctx, id)
}

// Transition moves a need to another state. Errors: NotFound, Invalid
// (unknown state, missing comment, reason, review date, body or decision),
// Conflict (the state machine does not allow the move), Forbidden (the
// actor's roles may not take it).
func (s *Service) Transition(ctx context.Context, a *policy.Actor, id int64, t Transition) (*Need, error) {
	var n *Need
	var wasDraft bool
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = s.load(ctx, a, id); err != nil {
			return err
		}
		wasDraft = n.State == Draft
		return s.move(ctx, a, n, t)
	})
	if err != nil {
		return nil, err
	}
	if wasDraft { // submitted: a candidate for other needs' similar lists now
		s.touchNeighbours(ctx, a, n)
	}
	return s.reread(ctx, id)
}

// Merge merges need id into another need: its backings move to the kept
// need (an organisation backing both counts once), it points to the kept
// need and ends as merged. Errors as Transition.
func (s *Service) Merge(ctx context.Context, a *policy.Actor, id, into int64, comment string) (*Need, error) {
	return s.Transition(ctx, a, id, Transition{To: Merged, Into: into, Comment: comment})
}

// move takes one move inside the caller's transaction. It checks, in this
// order: that the actor may take a move into the target state (403; with
// no or an unknown target, that they may move the need at all), that the
// state machine allows it from the need's state (409), then the fields
// (422).
func (s *Service) move(ctx context.Context, a *policy.Actor, n *Need, t Transition) error {
	t.To = strings.TrimSpace(t.To)
	act, known := ActionFor(t.To)
	if !known {
		if !s.mayMove(a, n) {
			return policy.Check(a, policy.NeedTriage, res(n))
		}
		if t.To == "" {
			return errs.InvalidField("to", "needs.error.choose_state")
		}
		return errs.InvalidField("to", "needs.error.state")
	}
	if err := policy.Check(a, act, res(n)); err != nil {
		return err
	}
	if _, ok := MoveFor(n.State, t.To); !ok {
		return errs.E(errs.Conflict, "needs.error.move", "from", n.State, "to", t.To)
	}
	if err := s.checkTransition(ctx, n, &t); err != nil {
		return err
	}
	before := *n
	if err := s.applyMove(ctx, a, n, t); err != nil {
		return err
	}
	if err := s.store.UpdateNeed(ctx, n); err != nil {
		return err
	}
	ev := &Event{NeedID: n.ID, From: before.State, To: n.State, ActorID: a.ID(), Comment: t.Comment, Reason: t.Reason,
		ReviewDate: t.ReviewDate, BodyID: t.BodyID, DecisionID: t.DecisionID, DecisionRef: t.DecisionRef, MergedInto: t.Into}
	if err := s.store.CreateNeedEvent(ctx, ev); err != nil {
		return err
	}
	if err := s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.transition", ObjectType: "need", ObjectID: n.ID,
		Before: map[string]any{"state": before.State}, After: ev}); err != nil {
		return err
	}
	return s.notify(ctx, a, n)
}

// mayMove reports whether the actor may take any move of the need.
func (s *Service) mayMove(a *policy.Actor, n *Need) bool {
	for _, act := range moveActions {
		if policy.Can(a, act, res(n)) {
			return true
		}
	}
	return false
}

// checkTransition validates the fields a move needs, once the actor's
// permission and the state machine allow it.
func (s *Service) checkTransition(ctx context.Context, n *Need, t *Transition) error {
	var v errs.Validation
	t.Comment, t.Reason, t.DecisionRef = strings.TrimSpace(t.Comment), strings.TrimSpace(t.Reason), strings.TrimSpace(t.DecisionRef)
	text := func(field, s string, required bool) {
		if s == "" && required {
			v.Add(field, "needs.error."+field)
		} else if utf8.RuneCountInString(s) > 4000 || HasMarkup(s) {
			v.Add(field, "needs.error.markup")
		}
	}
	text("comment", t.Comment, true)
	text("reason", t.Reason, t.To == Rejected)
	switch t.To {
	case Parked:
		if t.ReviewDate.IsZero() {
			v.Add("review_date", "needs.error.review_date")
		} else if t.ReviewDate.Format(time.DateOnly) <= s.Now().Format(time.DateOnly) {
			v.Add("review_date", "needs.error.review_future")
		}
	case Prioritised:
		if err := s.checkDecision(ctx, t, &v); err != nil {
			return err
		}
	case Merged:
		if t.Into <= 0 || t.Into == n.ID {
			v.Add("into", "needs.error.into")
		}
	}
	return v.Err()
}

// checkDecision checks the decision of a move to prioritised: a recorded
// decision of the user council or the strategic council (the body given,
// if any, must be its body); the move then records its body and its text.
func (s *Service) checkDecision(ctx context.Context, t *Transition, v *errs.Validation) error {
	if t.DecisionID <= 0 {
		v.Add("decision_id", "needs.error.decision_required")
		return nil
	}
	if s.Decisions == nil {
		v.Add("decision_id", "needs.error.decision")
		return nil
	}
	d, err := s.Decisions.FindDecisionRef(ctx, t.DecisionID)
	if errs.Is(err, errs.NotFound) {
		v.Add("decision_id", "needs.error.decision")
		return nil
	}
	if err != nil {
		return err
	}
	if !t.trustDecision && !s.prioritisingBody(ctx, d.BodyID) {
		v.Add("decision_id", "needs.error.decision_body")
		return nil
	}
	if t.BodyID != 0 && t.BodyID != d.BodyID {
		v.Add("body_id", "needs.error.decision_other_body")
		return nil
	}
	t.BodyID, t.DecisionRef = d.BodyID, d.String()
	return nil
}

// prioritisingBody reports whether decisions of the body may prioritise
// needs: the user council prioritises, the strategic council approves.
func (s *Service) prioritisingBody(ctx context.Context, bodyID int64) bool {
	kind, err := s.store.BodyKind(ctx, bodyID)
	return err == nil && (kind == policy.BodyUserCouncil || kind == policy.BodyStrategicCouncil)
}

// applyMove sets the need's fields for the move; merging moves backings.
func (s *Service) applyMove(ctx context.Context, a *policy.Actor, n *Need, t Transition) error {
	now := s.Now()
	switch t.To {
	case Submitted:
		if n.Problem == "" || n.Area == "" {
			return errs.InvalidField("problem", "needs.error.incomplete")
		}
		if n.SubmittedAt.IsZero() {
			n.SubmittedAt = now
		}
		if _, err := s.store.FindActiveBacking(ctx, n.ID, n.OrgID); errs.Is(err, errs.NotFound) {
			if err := s.store.CreateBacking(ctx, &Backing{NeedID: n.ID, OrgID: n.OrgID, PersonID: n.SubmitterID}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
	case Parked:
		n.ReviewDate = t.ReviewDate
	case Prioritised:
		n.BodyID, n.DecisionID, n.DecisionRef, n.ReviewDate = t.BodyID, t.DecisionID, t.DecisionRef, time.Time{}
	case Merged:
		if err := s.mergeInto(ctx, a, n, t.Into); err != nil {
			return err
		}
	}
	n.State = t.To
	return nil
}

// mergeInto moves n's backings to the kept need.
func (s *Service) mergeInto(ctx context.Context, a *policy.Actor, n *Need, into int64) error {
	kept, err := s.load(ctx, a, into)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("into", "needs.error.into")
		}
		return err
	}
	if !IsOpen(kept.State) || kept.State == Draft {
		return errs.InvalidField("into", "needs.error.into_state")
	}
	moved, dropped, err := s.store.MoveBackings(ctx, n.ID, kept.ID)
	if err != nil {
		return err
	}
	n.MergedInto = kept.ID
	return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "need.merge", ObjectType: "need", ObjectID: n.ID,
		After: map[string]any{"into": kept.ID, "backings_moved": moved, "backings_already_there": dropped}})
}

// notify tells the submitter, the contact person and the backers (not the
// actor) that the need changed state, in the same transaction.
func (s *Service) notify(ctx context.Context, a *policy.Actor, n *Need) error {
	ids, err := s.store.NeedRecipients(ctx, n.ID)
	if err != nil {
		return err
	}
	ids = slices.DeleteFunc(ids, func(id int64) bool { return id == a.ID() })
	if len(ids) == 0 {
		return nil
	}
	return s.Notifier.Notify(ctx, ids, notify.Notice{Kind: "need.state", SubjectKey: "needs.notify.subject." + n.State,
		BodyKey: "needs.notify.body." + n.State, Args: map[string]any{"title": n.Title, "id": n.ID},
		Link: "/needs/" + strconv.FormatInt(n.ID, 10), ObjectType: "need", ObjectID: n.ID})
}

// PrioritiseByDecision moves needs to prioritised because of a decision,
// inside the caller's transaction (the meetings area calls it when a
// decision is recorded). Every need must be assessed or parked. Errors:
// Forbidden, NotFound, Conflict, Invalid.
func (s *Service) PrioritiseByDecision(ctx context.Context, a *policy.Actor, needIDs []int64, bodyID, decisionID int64, decisionRef string) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range needIDs {
			n, err := s.load(ctx, a, id)
			if err != nil {
				return err
			}
			// The decision is the comment: the history links it ("-" hides
			// the comment, as for a need submitted on creation).
			t := Transition{To: Prioritised, Comment: "-", BodyID: bodyID, DecisionID: decisionID, DecisionRef: decisionRef, trustDecision: true}
			if err := s.move(ctx, a, n, t); err != nil {
				return err
			}
		}
		return nil
	})
}

// AdvanceNeeds moves needs on to in_concept (an idea was made of them) or
// in_project (its directive was approved), inside the caller's
// transaction; the concept phase calls it, and the need's page links the
// idea or the project. Errors: Forbidden, NotFound, Conflict (a need not
// in the state before).
func (s *Service) AdvanceNeeds(ctx context.Context, a *policy.Actor, needIDs []int64, to string) error {
	if to != InConcept && to != InProject {
		return errs.InvalidField("to", "needs.error.state")
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		for _, id := range needIDs {
			n, err := s.load(ctx, a, id)
			if err != nil {
				return err
			}
			// The idea or project is the comment ("-" hides it).
			if err := s.move(ctx, a, n, Transition{To: to, Comment: "-"}); err != nil {
				return err
			}
		}
		return nil
	})
}

// History returns a need's moves, oldest first, with the decisions they
// cite; the public sees states, dates and decisions only. Errors:
// NotFound.
func (s *Service) History(ctx context.Context, a *policy.Actor, id int64) ([]*Event, error) {
	n, err := s.load(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.historyOf(ctx, a, n)
}

func (s *Service) historyOf(ctx context.Context, a *policy.Actor, n *Need) ([]*Event, error) {
	evs, err := s.store.FindNeedEvents(ctx, n.ID)
	if err != nil {
		return nil, err
	}
	cited := map[int64]*governance.DecisionRef{}
	for _, e := range evs {
		if e.DecisionID == 0 || s.Decisions == nil {
			continue
		}
		d, ok := cited[e.DecisionID]
		if !ok {
			if d, err = s.Decisions.FindDecisionRef(ctx, e.DecisionID); err != nil && !errs.Is(err, errs.NotFound) {
				return nil, err
			}
			cited[e.DecisionID] = d
		}
		e.Decision = d
	}
	if !policy.Can(a, policy.NeedHistory, policy.Resource{}) {
		for _, e := range evs {
			e.Redact()
		}
	}
	return evs, nil
}

// Contact is a person who can be a need's contact person.
type Contact struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Colleagues returns the people of the actor's organisation, who may be
// named contact person of its needs.
func (s *Service) Colleagues(ctx context.Context, a *policy.Actor) ([]Contact, error) {
	if err := policy.Check(a, policy.NeedCreate, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindOrgPeople(ctx, a.OrgID)
}

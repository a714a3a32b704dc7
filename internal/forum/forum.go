// Package forum holds Brukerforum: the yearly forum of the municipalities'
// representatives with its programme and registrations, and the elections
// of the user council's members, with secret ballots that anyone can
// count again from the published list (DOMAIN.md §8H, §10a).
package forum

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

// Programme states.
const (
	ProgrammeDraft   = "draft"
	ProgrammeAdopted = "adopted"
)

// Registration roles: one voting representative per municipality, the
// others observe.
const (
	RoleVoting   = "voting"
	RoleObserver = "observer"
)

// Roles of a registration.
var Roles = []string{RoleVoting, RoleObserver}

// Forum is one yearly Brukerforum.
type Forum struct {
	ID          int64     `json:"id"`
	Year        int       `json:"year"`
	Title       string    `json:"title"`
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
	Place       string    `json:"place,omitempty"`
	VideoURL    string    `json:"video_url,omitempty"`
	Description string    `json:"description,omitempty"`
	// Programme is draft until the user council adopts it.
	Programme  string     `json:"programme_state"`
	AdoptedBy  int64      `json:"adopted_by,omitempty"`
	Sessions   []*Session `json:"sessions"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Registered int        `json:"registered"`
}

// Session is one item of a forum's programme.
type Session struct {
	ID       int64     `json:"id"`
	ForumID  int64     `json:"forum_id"`
	StartsAt time.Time `json:"starts_at"`
	Title    string    `json:"title"`
	Speakers string    `json:"speakers,omitempty"`
}

// Registration is a person registered for a forum for their organisation.
type Registration struct {
	ID          int64     `json:"id"`
	ForumID     int64     `json:"forum_id"`
	PersonID    int64     `json:"person_id"`
	PersonName  string    `json:"person_name,omitempty"`
	OrgID       int64     `json:"organisation_id"`
	OrgName     string    `json:"organisation_name,omitempty"`
	CountyName  string    `json:"county_name,omitempty"`
	Role        string    `json:"role"`
	PersonEmail string    `json:"-"` // on input, who is registered (the secretariat registers others)
	CreatedAt   time.Time `json:"created_at"`
}

// CountyShare is the forum's reach in one county: the municipalities
// with a registration, of all, and their share of the population.
type CountyShare struct {
	County         string  `json:"county"`
	Municipalities int     `json:"municipalities"`
	Represented    int     `json:"represented"`
	Population     int64   `json:"population"`
	PopRepresented int64   `json:"population_represented"`
	Share          float64 `json:"share_of_municipalities"`
	PopShare       float64 `json:"share_of_population"`
}

// Store is what the forum service needs from storage.
type Store interface {
	WithTx(ctx context.Context, fn func(ctx context.Context) error) error
	audit.Recorder
	CreateForum(ctx context.Context, f *Forum) error
	UpdateForum(ctx context.Context, f *Forum) error
	FindForumByID(ctx context.Context, id int64) (*Forum, error)
	FindForums(ctx context.Context) ([]*Forum, error)
	CreateForumSession(ctx context.Context, s *Session) error
	CreateRegistration(ctx context.Context, r *Registration) error
	FindRegistrations(ctx context.Context, forumID int64) ([]*Registration, error)
	ForumCountyShares(ctx context.Context, forumID int64) ([]CountyShare, error)
	FindPersonIDByEmail(ctx context.Context, email string) (int64, error)
	FindPersonOrg(ctx context.Context, personID int64) (orgID int64, orgKind string, err error)
	FindOrganisationIDByNumber(ctx context.Context, number string) (int64, error)
	FindBodyIDByKind(ctx context.Context, kind string) (int64, error)

	CreateElection(ctx context.Context, e *Election) error
	UpdateElection(ctx context.Context, e *Election) error
	FindElectionByID(ctx context.Context, id int64) (*Election, error)
	FindElections(ctx context.Context, forumID int64) ([]*Election, error)
	ReplaceRoll(ctx context.Context, electionID int64, orgIDs []int64) error
	FindRoll(ctx context.Context, electionID int64) ([]RollEntry, error)
	CreateCandidate(ctx context.Context, c *Candidate) error
	FindCandidates(ctx context.Context, electionID int64) ([]*Candidate, error)
	VotingOrg(ctx context.Context, forumID, personID int64) (int64, error)
	// CastBallot marks the municipality as voted (a unique row) and puts
	// the ballot in the box, in the caller's transaction.
	CastBallot(ctx context.Context, electionID, orgID int64, b Ballot) error
	FindBallots(ctx context.Context, electionID int64) ([]Ballot, error)
	// ShuffleBallots writes the box again in receipt order (at closing).
	ShuffleBallots(ctx context.Context, electionID int64) error
	LinkMembership(ctx context.Context, electionID, membershipID int64) error
	ElectionMemberships(ctx context.Context, electionID int64) ([]int64, error)
}

// Memberships creates the proposed memberships of the user council
// (governance.Service).
type Memberships interface {
	CreateMembership(ctx context.Context, a *policy.Actor, m *governance.Membership) error
}

// Service holds the forum's use cases.
type Service struct {
	store  Store
	inputs InputStore
	gov    Memberships
	// Now is the clock; tests replace it.
	Now func() time.Time
	// BaseURL makes links in calendar entries absolute.
	BaseURL string
}

// NewService returns the forum service.
// The store serves the inputs too when it implements InputStore.
func NewService(s Store, gov Memberships) *Service {
	svc := &Service{store: s, gov: gov, Now: time.Now}
	svc.inputs, _ = s.(InputStore)
	return svc
}

// Normalize trims the forum's texts.
func (f *Forum) Normalize() {
	f.Title, f.Place, f.VideoURL, f.Description = strings.TrimSpace(f.Title), strings.TrimSpace(f.Place),
		strings.TrimSpace(f.VideoURL), strings.TrimSpace(f.Description)
	if f.Year == 0 && !f.StartsAt.IsZero() {
		f.Year = f.StartsAt.Year()
	}
}

// Validate checks a forum's fields.
func (f *Forum) Validate() error {
	var v errs.Validation
	if f.Title == "" {
		v.Add("title", "error.required")
	} else if len([]rune(f.Title)) > 200 {
		v.Add("title", "error.too_long", "max", 200)
	}
	if f.StartsAt.IsZero() {
		v.Add("starts_at", "error.required")
	}
	if f.EndsAt.IsZero() {
		v.Add("ends_at", "error.required")
	} else if !f.StartsAt.IsZero() && f.EndsAt.Before(f.StartsAt) {
		v.Add("ends_at", "forum.error.end_before_start")
	}
	if f.Place == "" && f.VideoURL == "" {
		v.Add("place", "forum.error.place_or_video")
	}
	if f.VideoURL != "" {
		if u, err := url.Parse(f.VideoURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Add("video_url", "forum.error.video_url")
		}
	}
	if len([]rune(f.Place)) > 300 {
		v.Add("place", "error.too_long", "max", 300)
	}
	if len([]rune(f.Description)) > 10000 {
		v.Add("description", "error.too_long", "max", 10000)
	}
	return v.Err()
}

// Forums lists every forum, newest first. The forum is public.
func (s *Service) Forums(ctx context.Context, a *policy.Actor) ([]*Forum, error) {
	if err := policy.Check(a, policy.ForumList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindForums(ctx)
}

// Forum returns one forum with its programme. Errors: NotFound.
func (s *Service) Forum(ctx context.Context, a *policy.Actor, id int64) (*Forum, error) {
	if err := policy.Check(a, policy.ForumView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindForumByID(ctx, id)
}

// CreateForum plans a forum. Errors: Forbidden, Invalid.
func (s *Service) CreateForum(ctx context.Context, a *policy.Actor, f *Forum) error {
	if err := policy.Check(a, policy.ForumManage, policy.Resource{}); err != nil {
		return err
	}
	f.Normalize()
	f.Programme = ProgrammeDraft
	if err := f.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateForum(ctx, f); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "forum.create", ObjectType: "forum", ObjectID: f.ID, After: f})
	})
}

// AddSession adds an item to a forum's programme while it is a draft.
// Errors: Forbidden, NotFound, Conflict (programme adopted), Invalid.
func (s *Service) AddSession(ctx context.Context, a *policy.Actor, forumID int64, ss *Session) error {
	if err := policy.Check(a, policy.ForumManage, policy.Resource{}); err != nil {
		return err
	}
	ss.Title, ss.Speakers, ss.ForumID = strings.TrimSpace(ss.Title), strings.TrimSpace(ss.Speakers), forumID
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindForumByID(ctx, forumID)
		if err != nil {
			return err
		}
		if f.Programme != ProgrammeDraft {
			return errs.E(errs.Conflict, "forum.error.programme_adopted")
		}
		var v errs.Validation
		if ss.Title == "" {
			v.Add("session_title", "error.required")
		} else if len([]rune(ss.Title)) > 300 {
			v.Add("session_title", "error.too_long", "max", 300)
		}
		if ss.StartsAt.IsZero() {
			v.Add("session_starts_at", "error.required")
		} else if ss.StartsAt.Before(f.StartsAt) || ss.StartsAt.After(f.EndsAt) {
			v.Add("session_starts_at", "forum.error.session_outside")
		}
		if len([]rune(ss.Speakers)) > 500 {
			v.Add("speakers", "error.too_long", "max", 500)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.store.CreateForumSession(ctx, ss); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "forum.session_add", ObjectType: "forum", ObjectID: forumID, After: ss})
	})
}

// AdoptProgramme records that the user council, as programme committee,
// adopted the forum's programme. Errors: Forbidden, NotFound, Conflict.
func (s *Service) AdoptProgramme(ctx context.Context, a *policy.Actor, forumID int64) error {
	if err := policy.Check(a, policy.ForumAdopt, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindForumByID(ctx, forumID)
		if err != nil {
			return err
		}
		if f.Programme != ProgrammeDraft {
			return errs.E(errs.Conflict, "forum.error.programme_adopted")
		}
		if len(f.Sessions) == 0 {
			return errs.E(errs.Conflict, "forum.error.programme_empty")
		}
		before := *f
		f.Programme, f.AdoptedBy = ProgrammeAdopted, a.ID()
		if err := s.store.UpdateForum(ctx, f); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "forum.adopt", ObjectType: "forum", ObjectID: forumID, Before: before.Programme, After: f.Programme})
	})
}

// Register registers a person for a forum for their organisation: a
// member organisation's people register themselves; the secretariat
// registers anyone by e-mail address. A municipality has one voting
// representative; a second is refused. Errors: Forbidden, NotFound,
// Conflict (forum over), Invalid.
func (s *Service) Register(ctx context.Context, a *policy.Actor, forumID int64, r *Registration) error {
	if !slices.Contains(Roles, r.Role) {
		if err := policy.Check(a, policy.ForumRegister, policy.Resource{OrgID: orgOf(a)}); err != nil {
			return err
		}
		return errs.InvalidField("role", "forum.error.role")
	}
	r.ForumID = forumID
	if e := strings.ToLower(strings.TrimSpace(r.PersonEmail)); e != "" {
		if err := policy.Check(a, policy.ForumManage, policy.Resource{}); err != nil {
			return err
		}
		id, err := s.store.FindPersonIDByEmail(ctx, e)
		if errs.Is(err, errs.NotFound) {
			return errs.InvalidField("person_email", "forum.error.person_email")
		} else if err != nil {
			return err
		}
		r.PersonID = id
	} else {
		r.PersonID = a.ID()
	}
	orgID, kind, err := s.store.FindPersonOrg(ctx, r.PersonID)
	if err != nil {
		return err
	}
	if err := policy.Check(a, policy.ForumRegister, policy.Resource{OrgID: orgID}); err != nil {
		return err
	}
	if orgID == 0 {
		return errs.InvalidField("person_email", "forum.error.no_org")
	}
	if r.Role == RoleVoting && kind != policy.OrgMunicipality {
		return errs.InvalidField("role", "forum.error.voting_municipal")
	}
	r.OrgID = orgID
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindForumByID(ctx, forumID)
		if err != nil {
			return err
		}
		if s.Now().After(f.EndsAt) {
			return errs.E(errs.Conflict, "forum.error.over")
		}
		if err := s.store.CreateRegistration(ctx, r); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.InvalidField("role", "forum.error.registered")
			}
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "forum.register", ObjectType: "forum", ObjectID: forumID, After: r})
	})
}

// Registrations lists a forum's registrations by county and organisation.
// Errors: Forbidden, NotFound.
func (s *Service) Registrations(ctx context.Context, a *policy.Actor, forumID int64) ([]*Registration, error) {
	if err := policy.Check(a, policy.ForumRegistrations, policy.Resource{}); err != nil {
		return nil, err
	}
	if _, err := s.store.FindForumByID(ctx, forumID); err != nil {
		return nil, err
	}
	return s.store.FindRegistrations(ctx, forumID)
}

// Reach returns the forum's reach per county: municipalities registered
// of all and the share of the population they hold. It is public.
func (s *Service) Reach(ctx context.Context, a *policy.Actor, forumID int64) ([]CountyShare, error) {
	if err := policy.Check(a, policy.ForumView, policy.Resource{}); err != nil {
		return nil, err
	}
	if _, err := s.store.FindForumByID(ctx, forumID); err != nil {
		return nil, err
	}
	rows, err := s.store.ForumCountyShares(ctx, forumID)
	for i := range rows {
		if rows[i].Municipalities > 0 {
			rows[i].Share = float64(rows[i].Represented) / float64(rows[i].Municipalities)
		}
		if rows[i].Population > 0 {
			rows[i].PopShare = float64(rows[i].PopRepresented) / float64(rows[i].Population)
		}
	}
	return rows, err
}

// orgOf returns the actor's organisation, 0 for the public.
func orgOf(a *policy.Actor) int64 {
	if a == nil {
		return 0
	}
	return a.OrgID
}

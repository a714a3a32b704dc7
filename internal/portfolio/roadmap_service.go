package portfolio

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/policy"
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// RoadmapStore is the storage the roadmap needs (internal/store).
type RoadmapStore interface {
	// FindInitiatives returns every initiative with its actor's name,
	// dependencies, standards and, when linked, its project's schedule.
	FindInitiatives(ctx context.Context) ([]*Initiative, error)
	FindInitiativeByID(ctx context.Context, id int64) (*Initiative, error)
	CreateInitiative(ctx context.Context, in *Initiative) error
	UpdateInitiative(ctx context.Context, in *Initiative) error
	// FindRoadmapStandards lists the catalogue's standards to pick from;
	// FindRoadmapProjects the projects.
	FindRoadmapStandards(ctx context.Context) ([]StandardTag, error)
	FindRoadmapProjects(ctx context.Context) ([]StandardTag, error)

	// FindRoadmapVersions lists versions by number, newest first; with
	// endorsedOnly only the endorsed ones (in SQL). Without initiatives.
	FindRoadmapVersions(ctx context.Context, endorsedOnly bool) ([]*RoadmapVersion, error)
	FindRoadmapVersion(ctx context.Context, number int64) (*RoadmapVersion, error)
	FindRoadmapVersionByID(ctx context.Context, id int64) (*RoadmapVersion, error)
	CreateRoadmapVersion(ctx context.Context, v *RoadmapVersion) error
	// EndorseRoadmapVersion moves a frozen version to endorsed with the
	// decision (conditional update); one not frozen → Conflict.
	EndorseRoadmapVersion(ctx context.Context, id, decisionID int64) error
}

// Roadmap is the current roadmap: every initiative resolved against today,
// by area and start. Everyone may read it. Errors: none beyond Internal.
func (s *Service) Roadmap(ctx context.Context, a *policy.Actor) ([]*Initiative, error) {
	if err := policy.Check(a, policy.RoadmapView, policy.Resource{}); err != nil {
		return nil, err
	}
	ins, err := s.store.FindInitiatives(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, in := range ins {
		in.Resolve(now)
	}
	sortInitiatives(ins)
	return ins, nil
}

func sortInitiatives(ins []*Initiative) {
	slices.SortStableFunc(ins, func(x, y *Initiative) int {
		if d := slices.Index(FocusAreas, x.Area) - slices.Index(FocusAreas, y.Area); d != 0 {
			return d
		}
		if c := strings.Compare(x.Start, y.Start); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
}

// Initiative returns one initiative, resolved. Errors: NotFound.
func (s *Service) Initiative(ctx context.Context, a *policy.Actor, id int64) (*Initiative, error) {
	if err := policy.Check(a, policy.RoadmapView, policy.Resource{}); err != nil {
		return nil, err
	}
	in, err := s.store.FindInitiativeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	in.Resolve(s.now())
	return in, nil
}

// RoadmapChoices are what the manage form picks from.
type RoadmapChoices struct {
	Actors    []Actor
	Standards []StandardTag
	Projects  []StandardTag
}

// RoadmapChoices lists the actors, standards and projects to pick from
// (secretariat). Errors: Unauthenticated, Forbidden.
func (s *Service) RoadmapChoices(ctx context.Context, a *policy.Actor) (*RoadmapChoices, error) {
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	var c RoadmapChoices
	var err error
	if c.Actors, err = s.store.FindPortfolioActors(ctx); err != nil {
		return nil, err
	}
	if c.Standards, err = s.store.FindRoadmapStandards(ctx); err != nil {
		return nil, err
	}
	c.Projects, err = s.store.FindRoadmapProjects(ctx)
	return &c, err
}

// CreateInitiative adds an initiative (secretariat). Errors:
// Unauthenticated, Forbidden, Invalid (naming the field).
func (s *Service) CreateInitiative(ctx context.Context, a *policy.Actor, input InitiativeInput) (*Initiative, error) {
	return s.saveInitiative(ctx, a, 0, input)
}

// UpdateInitiative changes an initiative (secretariat). Errors:
// Unauthenticated, Forbidden, NotFound, Invalid (naming the field; a
// dependency that closes a cycle is depends_on).
func (s *Service) UpdateInitiative(ctx context.Context, a *policy.Actor, id int64, input InitiativeInput) (*Initiative, error) {
	return s.saveInitiative(ctx, a, id, input)
}

func (s *Service) saveInitiative(ctx context.Context, a *policy.Actor, id int64, input InitiativeInput) (*Initiative, error) {
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	var v errs.Validation
	in := input.parse(&v)
	var out *Initiative
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		var before *Initiative
		if id != 0 {
			var err error
			if before, err = s.store.FindInitiativeByID(ctx, id); err != nil {
				return err
			}
		}
		if err := s.checkRefs(ctx, id, in, v); err != nil {
			return err
		}
		in.ID = id
		action := "roadmap.initiative.update"
		if id == 0 {
			in.CreatedBy, action = a.ID(), "roadmap.initiative.create"
			if err := s.store.CreateInitiative(ctx, in); err != nil {
				return err
			}
		} else if err := s.store.UpdateInitiative(ctx, in); err != nil {
			return err
		}
		var err error
		if out, err = s.store.FindInitiativeByID(ctx, in.ID); err != nil {
			return err
		}
		return s.record(ctx, a, action, "roadmap_initiative", in.ID, before, out)
	})
	if err != nil {
		return nil, err
	}
	out.Resolve(s.now())
	return out, nil
}

// checkRefs adds the field errors that need the database to those of
// Parse: an actor that is not a state agency or KS, an unknown project or
// standard, an unknown dependency or one closing a cycle.
func (s *Service) checkRefs(ctx context.Context, id int64, in *Initiative, v errs.Validation) error {
	actors, err := s.store.FindPortfolioActors(ctx)
	if err != nil {
		return err
	}
	if in.ActorID > 0 && !slices.ContainsFunc(actors, func(x Actor) bool { return x.ID == in.ActorID }) {
		v.Add("actor_id", "roadmap.error.actor")
	}
	if in.ProjectID != 0 {
		if ok, err := s.store.PortfolioItemExists(ctx, "project", in.ProjectID); err != nil {
			return err
		} else if !ok {
			v.Add("project_id", "roadmap.error.project")
		}
	}
	std, err := s.store.FindRoadmapStandards(ctx)
	if err != nil {
		return err
	}
	for _, t := range in.Standards {
		if !slices.ContainsFunc(std, func(x StandardTag) bool { return x.ID == t.ID }) {
			v.Add("standards", "roadmap.error.standard")
		}
	}
	all, err := s.store.FindInitiatives(ctx)
	if err != nil {
		return err
	}
	edges := map[int64][]int64{}
	for _, x := range all {
		edges[x.ID] = x.DependsOn
	}
	for _, d := range in.DependsOn {
		if _, ok := edges[d]; !ok || d == id {
			v.Add("depends_on", "roadmap.error.dependency")
		}
	}
	if !v.Has("depends_on") && DependencyCycle(edges, id, in.DependsOn) {
		v.Add("depends_on", "roadmap.error.cycle")
	}
	return v.Err()
}

// RoadmapVersions lists the versions the actor may read: everyone the
// endorsed ones, the secretariat and the councils also the frozen ones.
func (s *Service) RoadmapVersions(ctx context.Context, a *policy.Actor) ([]*RoadmapVersion, error) {
	if err := policy.Check(a, policy.RoadmapView, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindRoadmapVersions(ctx, !policy.Can(a, policy.RoadmapViewAll, policy.Resource{}))
}

// RoadmapVersion returns a frozen version with its snapshot. A version not
// endorsed is NotFound for those who may read only endorsed ones.
func (s *Service) RoadmapVersion(ctx context.Context, a *policy.Actor, number int64) (*RoadmapVersion, error) {
	if err := policy.Check(a, policy.RoadmapView, policy.Resource{}); err != nil {
		return nil, err
	}
	v, err := s.store.FindRoadmapVersion(ctx, number)
	if err != nil {
		return nil, err
	}
	if v.State != VersionEndorsed && !policy.Can(a, policy.RoadmapViewAll, policy.Resource{}) {
		return nil, errs.E(errs.NotFound, "roadmap.error.version_not_found")
	}
	return v, nil
}

// RoadmapVersionByID is RoadmapVersion by id (for a case's item link).
func (s *Service) RoadmapVersionByID(ctx context.Context, a *policy.Actor, id int64) (*RoadmapVersion, error) {
	v, err := s.store.FindRoadmapVersionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.RoadmapVersion(ctx, a, v.Number)
}

// FreezeRoadmap freezes the current roadmap as a new version (secretariat),
// to put on a case of the strategic council. Errors: Forbidden, Invalid
// (title).
func (s *Service) FreezeRoadmap(ctx context.Context, a *policy.Actor, title string) (*RoadmapVersion, error) {
	if err := policy.Check(a, policy.RoadmapEdit, policy.Resource{}); err != nil {
		return nil, err
	}
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > 200 {
		return nil, errs.InvalidField("title", "roadmap.error.version_title")
	}
	v := &RoadmapVersion{Title: title, State: VersionFrozen, CreatedBy: a.ID()}
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		ins, err := s.store.FindInitiatives(ctx)
		if err != nil {
			return err
		}
		now := s.now()
		for _, in := range ins {
			in.Resolve(now)
		}
		sortInitiatives(ins)
		v.Initiatives = ins
		if err := s.store.CreateRoadmapVersion(ctx, v); err != nil {
			return err
		}
		return s.record(ctx, a, "roadmap.version.freeze", "roadmap_version", v.ID, nil,
			map[string]any{"number": v.Number, "title": v.Title, "initiatives": len(ins)})
	})
	return v, err
}

// EndorseRoadmap is the endorse_roadmap effect: the strategic council
// endorses frozen versions, which then point at the decision. Errors:
// Invalid (not the strategic council, field effects), NotFound, Conflict
// (already endorsed).
func (s *Service) EndorseRoadmap(ctx context.Context, a *policy.Actor, ids []int64, ref governance.DecisionRef) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		k, err := s.store.BodyKind(ctx, ref.BodyID)
		if err != nil {
			return err
		}
		if k != policy.BodyStrategicCouncil {
			return errs.InvalidField("effects", "roadmap.error.endorse_body")
		}
		for _, id := range ids {
			if err := s.store.EndorseRoadmapVersion(ctx, id, ref.DecisionID); err != nil {
				return err
			}
			if err := s.record(ctx, a, "roadmap.version.endorse", "roadmap_version", id, map[string]any{"state": VersionFrozen},
				map[string]any{"state": VersionEndorsed, "decision_id": ref.DecisionID, "decision": ref.String()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// RoadmapDiff compares two versions the actor may read.
func (s *Service) RoadmapDiff(ctx context.Context, a *policy.Actor, from, to int64) (*RoadmapVersion, *RoadmapVersion, []DiffRow, error) {
	f, err := s.RoadmapVersion(ctx, a, from)
	if err != nil {
		return nil, nil, nil, err
	}
	t, err := s.RoadmapVersion(ctx, a, to)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, t, DiffVersions(f.Initiatives, t.Initiatives), nil
}

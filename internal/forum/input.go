package forum

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// What an input is about.
const (
	SubjectNeed    = "need"
	SubjectRoadmap = "roadmap"
	SubjectTopic   = "topic"
)

// Subjects of an input.
var Subjects = []string{SubjectNeed, SubjectRoadmap, SubjectTopic}

// Outcomes of the secretariat's answer.
var Outcomes = []string{"new_need", "case", "no_action"}

// Input is a representative's input (innspill) around the forum. It is
// public and never deleted; the secretariat groups it and answers it with
// an outcome.
type Input struct {
	ID         int64     `json:"id"`
	ForumID    int64     `json:"forum_id,omitempty"`
	Subject    string    `json:"subject"`
	NeedID     int64     `json:"need_id,omitempty"`
	NeedTitle  string    `json:"-"` // filled by the pages when the viewer may see the need
	Topic      string    `json:"topic,omitempty"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name,omitempty"`
	OrgID      int64     `json:"organisation_id,omitempty"`
	OrgName    string    `json:"organisation_name,omitempty"`
	Group      string    `json:"group,omitempty"`
	Answer     string    `json:"answer,omitempty"`
	Outcome    string    `json:"outcome,omitempty"`
	AnsweredBy int64     `json:"answered_by,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	Supports   int       `json:"supports"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// InputFilter selects inputs.
type InputFilter struct {
	ForumID int64
	NeedID  int64
	Limit   int
}

// InputStore is what the input use cases need from storage.
type InputStore interface {
	CreateInput(ctx context.Context, in *Input) error
	UpdateInput(ctx context.Context, in *Input) error
	FindInputByID(ctx context.Context, id int64) (*Input, error)
	FindInputs(ctx context.Context, f InputFilter) ([]*Input, error)
	AddSupport(ctx context.Context, inputID, personID int64) error
	NeedExists(ctx context.Context, id int64) (bool, error)
}

// Validate checks an input's fields.
func (in *Input) Validate() error {
	var v errs.Validation
	if !slices.Contains(Subjects, in.Subject) {
		v.Add("subject", "input.error.subject")
	}
	if in.Subject == SubjectNeed && in.NeedID <= 0 {
		v.Add("need_id", "input.error.need")
	}
	if in.Subject == SubjectTopic && in.Topic == "" {
		v.Add("topic", "error.required")
	}
	if len([]rune(in.Topic)) > 200 {
		v.Add("topic", "error.too_long", "max", 200)
	}
	if in.Title == "" {
		v.Add("title", "error.required")
	} else if len([]rune(in.Title)) > 200 {
		v.Add("title", "error.too_long", "max", 200)
	}
	if in.Body == "" {
		v.Add("body", "error.required")
	} else if len([]rune(in.Body)) > 5000 {
		v.Add("body", "error.too_long", "max", 5000)
	}
	return v.Err()
}

// Inputs lists inputs, newest first. Public.
func (s *Service) Inputs(ctx context.Context, a *policy.Actor, f InputFilter) ([]*Input, error) {
	if err := policy.Check(a, policy.InputList, policy.Resource{}); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	return s.inputs.FindInputs(ctx, f)
}

// Input returns one input. Public. Errors: NotFound.
func (s *Service) Input(ctx context.Context, a *policy.Actor, id int64) (*Input, error) {
	if err := policy.Check(a, policy.InputList, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.inputs.FindInputByID(ctx, id)
}

// CreateInput records a representative's input for their organisation.
// Errors: Forbidden, Invalid.
func (s *Service) CreateInput(ctx context.Context, a *policy.Actor, in *Input) error {
	if err := policy.Check(a, policy.InputCreate, policy.Resource{}); err != nil {
		return err
	}
	in.Title, in.Body, in.Topic = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.Topic)
	in.AuthorID, in.OrgID = a.ID(), orgOf(a)
	in.Group, in.Answer, in.Outcome, in.AnsweredBy, in.AnsweredAt = "", "", "", 0, time.Time{}
	if in.Subject != SubjectNeed {
		in.NeedID = 0
	}
	if err := in.Validate(); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if in.ForumID != 0 {
			if _, err := s.store.FindForumByID(ctx, in.ForumID); errs.Is(err, errs.NotFound) {
				return errs.InvalidField("forum_id", "error.reference")
			} else if err != nil {
				return err
			}
		}
		if in.NeedID != 0 {
			if ok, err := s.inputs.NeedExists(ctx, in.NeedID); err != nil {
				return err
			} else if !ok {
				return errs.InvalidField("need_id", "input.error.need")
			}
		}
		if err := s.inputs.CreateInput(ctx, in); err != nil {
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "input.create", ObjectType: "input", ObjectID: in.ID, After: in})
	})
}

// Support records that the actor supports an input (once; a second time
// is Conflict). Errors: Forbidden, NotFound, Conflict.
func (s *Service) Support(ctx context.Context, a *policy.Actor, id int64) error {
	if err := policy.Check(a, policy.InputSupport, policy.Resource{}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.inputs.FindInputByID(ctx, id); err != nil {
			return err
		}
		if err := s.inputs.AddSupport(ctx, id, a.ID()); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.E(errs.Conflict, "input.error.supported")
			}
			return err
		}
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "input.support", ObjectType: "input", ObjectID: id})
	})
}

// Answer is the secretariat's grouping of an input and its answer.
type Answer struct {
	Group   string `json:"group"`
	Answer  string `json:"answer"`
	Outcome string `json:"outcome"`
}

// AnswerInput groups and answers an input with its outcome; a later
// answer replaces the earlier one, which the audit log keeps. Errors:
// Forbidden, NotFound, Invalid.
func (s *Service) AnswerInput(ctx context.Context, a *policy.Actor, id int64, ans Answer) (*Input, error) {
	if err := policy.Check(a, policy.InputAnswer, policy.Resource{}); err != nil {
		return nil, err
	}
	ans.Group, ans.Answer = strings.TrimSpace(ans.Group), strings.TrimSpace(ans.Answer)
	var v errs.Validation
	if len([]rune(ans.Group)) > 200 {
		v.Add("group", "error.too_long", "max", 200)
	}
	if ans.Answer == "" {
		v.Add("answer", "error.required")
	} else if len([]rune(ans.Answer)) > 5000 {
		v.Add("answer", "error.too_long", "max", 5000)
	}
	if !slices.Contains(Outcomes, ans.Outcome) {
		v.Add("outcome", "input.error.outcome")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Input
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		in, err := s.inputs.FindInputByID(ctx, id)
		if err != nil {
			return err
		}
		before := *in
		in.Group, in.Answer, in.Outcome, in.AnsweredBy, in.AnsweredAt = ans.Group, ans.Answer, ans.Outcome, a.ID(), s.Now().UTC()
		if err := s.inputs.UpdateInput(ctx, in); err != nil {
			return err
		}
		out = in
		return s.store.Record(ctx, audit.Entry{ActorID: a.ID(), Action: "input.answer", ObjectType: "input", ObjectID: id, Before: before, After: in})
	})
	return out, err
}

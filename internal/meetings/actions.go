package meetings

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/policy"
)

// CreateAction adds a follow-up action to a decision, with an owner and a
// deadline. Errors: Forbidden, NotFound, Invalid.
func (s *Service) CreateAction(ctx context.Context, a *policy.Actor, decisionID int64, x *Action) error {
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		d, err := s.store.FindDecisionByID(ctx, decisionID)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.ActionManage, policy.Resource{BodyID: d.BodyID}); err != nil {
			return err
		}
		if err := x.Validate(); err != nil {
			return err
		}
		if ok, err := s.store.PersonExists(ctx, x.OwnerID); err != nil {
			return err
		} else if !ok {
			return errs.InvalidField("owner_id", "error.reference")
		}
		x.DecisionID, x.BodyID, x.State, x.CreatedBy = d.ID, d.BodyID, ActionOpen, a.ID()
		x.DoneAt, x.RemindedOn = time.Time{}, time.Time{}
		if err := s.store.CreateAction(ctx, x); err != nil {
			return err
		}
		if err := s.record(ctx, a, "action.create", "action", x.ID, nil, x); err != nil {
			return err
		}
		return s.notify(ctx, []int64{x.OwnerID}, Notice{Kind: "action.assigned", SubjectKey: "action.mail.assigned_subject",
			BodyKey: "action.mail.assigned_body", Args: map[string]any{"title": x.Title, "deadline": x.Deadline},
			Link: "/actions/" + itoa(x.ID), ObjectType: "action", ObjectID: x.ID})
	})
}

// SetActionDone marks an action done (or open again). Its owner or the
// body's secretariat may. Setting the state it already has changes and
// records nothing (a double click, or two people at once). Errors:
// Forbidden, NotFound.
func (s *Service) SetActionDone(ctx context.Context, a *policy.Actor, id int64, done bool) (*Action, error) {
	var out *Action
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		x, err := s.store.FindActionByID(ctx, id)
		if err != nil {
			return err
		}
		if err := policy.Check(a, policy.ActionComplete, policy.Resource{BodyID: x.BodyID, OwnerID: x.OwnerID}); err != nil {
			return err
		}
		if (x.State == ActionDone) == done {
			out = x
			return nil
		}
		before := *x
		if done {
			x.State, x.DoneAt = ActionDone, s.Now().UTC()
		} else {
			x.State, x.DoneAt = ActionOpen, time.Time{}
		}
		if err := s.store.UpdateAction(ctx, x); err != nil {
			return err
		}
		out = x
		return s.record(ctx, a, "action."+x.State, "action", x.ID, before, x)
	})
	return out, err
}

// Action returns one follow-up action, for its owner or the body's readers.
func (s *Service) Action(ctx context.Context, a *policy.Actor, id int64) (*Action, error) {
	x, err := s.store.FindActionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.ID() != x.OwnerID {
		if err := policy.Check(a, policy.ActionList, policy.Resource{BodyID: x.BodyID}); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// Actions lists a body's follow-up actions (open ones when state is
// "open"), by deadline. Errors: Forbidden, Invalid.
func (s *Service) Actions(ctx context.Context, a *policy.Actor, bodyID int64, state string) ([]*Action, error) {
	if err := policy.Check(a, policy.ActionList, policy.Resource{BodyID: bodyID}); err != nil {
		return nil, err
	}
	if state != "" && state != ActionOpen && state != ActionDone {
		return nil, errs.InvalidField("state", "action.error.state")
	}
	return s.store.FindActions(ctx, ActionFilter{BodyID: bodyID, State: state})
}

// MyActions lists the actor's own open actions.
func (s *Service) MyActions(ctx context.Context, a *policy.Actor) ([]*Action, error) {
	if err := policy.Check(a, policy.CalendarFeed, policy.Resource{}); err != nil {
		return nil, err
	}
	return s.store.FindActions(ctx, ActionFilter{OwnerID: a.ID(), State: ActionOpen})
}

// RemindActions notifies the owners of open actions whose deadline is
// within ReminderDays, once per action. It is the daily reminder job and
// is idempotent. It returns how many reminders it queued.
func (s *Service) RemindActions(ctx context.Context) (int, error) {
	a := policy.SystemActor
	due := s.today().AddDate(0, 0, s.ReminderDays)
	n := 0
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		xs, err := s.store.FindActions(ctx, ActionFilter{State: ActionOpen, DueBy: due, NotRemindedSince: true})
		if err != nil {
			return err
		}
		for _, x := range xs {
			before := *x
			x.RemindedOn = s.today()
			if err := s.store.UpdateAction(ctx, x); err != nil {
				return err
			}
			if err := s.record(ctx, a, "action.remind", "action", x.ID, before, x); err != nil {
				return err
			}
			if err := s.notify(ctx, []int64{x.OwnerID}, Notice{Kind: "action.reminder", SubjectKey: "action.mail.reminder_subject",
				BodyKey: "action.mail.reminder_body", Args: map[string]any{"title": x.Title, "deadline": x.Deadline, "case": x.CaseNumber},
				Link: "/actions/" + itoa(x.ID), ObjectType: "action", ObjectID: x.ID}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Reminders runs RemindActions once a day until ctx ends.
func (s *Service) Reminders(ctx context.Context, logf func(msg string, args ...any)) {
	t := time.NewTicker(24 * time.Hour)
	defer t.Stop()
	for {
		if n, err := s.RemindActions(ctx); err != nil && ctx.Err() == nil {
			logf("action reminders", "err", err)
		} else if n > 0 {
			logf("action reminders queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// CalendarToken creates the actor's secret calendar feed address, replacing
// (and so revoking) any earlier one. Only the token's hash is kept; the
// token is shown once.
func (s *Service) CalendarToken(ctx context.Context, a *policy.Actor) (string, error) {
	if err := policy.Check(a, policy.CalendarFeed, policy.Resource{OwnerID: a.ID()}); err != nil {
		return "", err
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	raw := base64.RawURLEncoding.EncodeToString(b)
	err := s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetCalendarFeed(ctx, a.ID(), tokenHash(raw)); err != nil {
			return err
		}
		return s.record(ctx, a, "calendar.create", "person", a.ID(), nil, nil)
	})
	return raw, err
}

// RevokeCalendarToken removes the actor's calendar feed address.
func (s *Service) RevokeCalendarToken(ctx context.Context, a *policy.Actor) error {
	if err := policy.Check(a, policy.CalendarFeed, policy.Resource{OwnerID: a.ID()}); err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteCalendarFeed(ctx, a.ID()); err != nil {
			return err
		}
		return s.record(ctx, a, "calendar.revoke", "person", a.ID(), nil, nil)
	})
}

// HasCalendarToken reports whether the actor has a calendar feed address.
func (s *Service) HasCalendarToken(ctx context.Context, a *policy.Actor) (bool, error) {
	if err := policy.Check(a, policy.CalendarFeed, policy.Resource{OwnerID: a.ID()}); err != nil {
		return false, err
	}
	return s.store.HasCalendarFeed(ctx, a.ID())
}

func tokenHash(raw string) string {
	h := sha256.Sum256([]byte("calendar:" + raw))
	return hex.EncodeToString(h[:])
}

package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/needs"
)

type scorePage struct {
	basePage
	Round  *needs.Round
	Method *needs.Method
	Need   *needs.Need
	Mine   map[string]needs.ScoreInput // the viewer's scores (or the form as posted)
	Others []needs.Score               // everyone's, once visible
	Open   bool
	Errors formErrors
}

// CritName returns a criterion's name in the page's language.
func (p scorePage) CritName(c needs.Criterion) string { return c.Name(p.Lang) }

// CritNameOf returns the name of the method's criterion with the key in the
// page's language (the key itself only if the method lacks it).
func (p scorePage) CritNameOf(key string) string {
	if c := p.Method.Criterion(key); c != nil {
		return c.Name(p.Lang)
	}
	return key
}

// Texts returns a criterion's guidance and scale in the page's language,
// or in bokmål with Fallback set.
func (p scorePage) Texts(c needs.Criterion) needs.Texts { return c.TextsIn(p.Lang) }

// Picked reports whether the viewer chose value for a criterion.
func (p scorePage) Picked(key string, v int64) bool {
	s, ok := p.Mine[key]
	return ok && s.Value == v
}

// Rationale returns the viewer's rationale for a criterion.
func (p scorePage) Rationale(key string) string { return p.Mine[key].Rationale }

func (s *Server) scorePageOf(w http.ResponseWriter, r *http.Request) (scorePage, error) {
	a := httpx.Actor(r.Context())
	data := scorePage{basePage: s.base(w, r, "assessment.score.title"), Mine: map[string]needs.ScoreInput{}}
	id, err := pathID(r, "id")
	if err != nil {
		return data, err
	}
	needID, err := pathID(r, "need")
	if err != nil {
		return data, err
	}
	if data.Round, err = s.Needs.Round(r.Context(), a, id); err != nil {
		return data, err
	}
	if !slices.Contains(data.Round.NeedIDs, needID) {
		return data, errs.E(errs.NotFound, "needs.error.not_in_round")
	}
	if data.Method, err = s.Needs.Method(r.Context(), a, data.Round.MethodID); err != nil {
		return data, err
	}
	if data.Need, err = s.Needs.Get(r.Context(), a, needID); err != nil {
		return data, err
	}
	all, err := s.Needs.Scores(r.Context(), a, id, needID)
	if err != nil {
		return data, err
	}
	for _, sc := range all {
		if sc.AssessorID == a.ID() {
			data.Mine[sc.Criterion] = needs.ScoreInput{Criterion: sc.Criterion, Value: sc.Value, Rationale: sc.Rationale}
		} else {
			data.Others = append(data.Others, sc)
		}
	}
	data.Open = data.Round.State == needs.RoundOpen
	data.Title = data.P.T("assessment.score.heading", "title", data.Need.Title)
	return data, nil
}

func (s *Server) scoreForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.scorePageOf(w, r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment/score", data)
	return nil
}

func (s *Server) scoreSubmit(w http.ResponseWriter, r *http.Request) error {
	data, err := s.scorePageOf(w, r)
	if err != nil {
		return err
	}
	var in []needs.ScoreInput
	posted := map[string]needs.ScoreInput{}
	for _, c := range data.Method.Criteria {
		sc := needs.ScoreInput{Criterion: c.Key, Value: -1, Rationale: r.PostFormValue("rationale." + c.Key)}
		if v := r.PostFormValue("scores." + c.Key); v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				sc.Value = n
			}
			in = append(in, sc)
		}
		posted[c.Key] = sc
	}
	err = s.Needs.SubmitScores(r.Context(), httpx.Actor(r.Context()), data.Round.ID, data.Need.ID, in)
	if isFormError(err) {
		data.Mine, data.Errors = posted, fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "assessment/score", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/assessment/rounds/"+strconv.FormatInt(data.Round.ID, 10)+"/needs/"+strconv.FormatInt(data.Need.ID, 10), "assessment.flash.scored")
	return nil
}

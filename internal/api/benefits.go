package api

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/samstyr/samstyr/internal/benefits"
	"github.com/samstyr/samstyr/internal/httpx"
)

// Benefit realisation through the API: the overview with every benefit
// and its measurements, one benefit, and recording a measurement.
func (s *Server) benefitRoutes() []Route {
	return []Route{
		{"GET", "/benefits", s.benefitList},
		{"GET", "/benefits/{id}", s.benefitGet},
		{"POST", "/benefits/{id}/measurements", s.benefitMeasure},
	}
}

func (s *Server) benefitList(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Benefits.Overview(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, o)
}

func (s *Server) benefitGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	b, _, err := s.Benefits.Benefit(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, b)
}

// measurementBody is a measurement as posted: the value a JSON number (a
// string is read as typed, so a word is named as the value's error).
type measurementBody struct {
	Value   json.RawMessage `json:"value"`
	Date    string          `json:"date"`
	Comment string          `json:"comment"`
	Unit    string          `json:"unit"`
}

func (s *Server) benefitMeasure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in measurementBody
	if err := decode(r, &in); err != nil {
		return err
	}
	v := strings.TrimSpace(string(in.Value))
	if v == "null" {
		v = ""
	}
	var str string
	if json.Unmarshal(in.Value, &str) == nil {
		v = str
	}
	m, err := s.Benefits.Measure(r.Context(), httpx.Actor(r.Context()), id,
		benefits.MeasurementInput{Value: v, On: in.Date, Comment: in.Comment, Unit: in.Unit})
	if err != nil {
		return err
	}
	return reply(w, http.StatusCreated, m)
}

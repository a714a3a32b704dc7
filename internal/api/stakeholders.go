package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/stakeholders"
)

// Inquiries through the API: the same service as the pages. The public
// reads the FAQ; the secretariat registers and handles inquiries (the
// public form is a page, behind its per-address limit).
func (s *Server) inquiryRoutes() []Route {
	return []Route{
		{"GET", "/faq", s.faqList},
		{"GET", "/inquiries", s.inquiryList},
		{"POST", "/inquiries", s.inquiryCreate},
		{"GET", "/inquiries/{id}", s.inquiryGet},
		{"POST", "/inquiries/{id}/assign", s.inquiryAssign},
		{"POST", "/inquiries/{id}/links", s.inquiryLink},
		{"POST", "/inquiries/{id}/answer", s.inquiryAnswer},
		{"POST", "/inquiries/{id}/close", s.inquiryClose},
		{"POST", "/inquiries/{id}/faq", s.inquiryFAQ},
	}
}

func (s *Server) faqList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.Inquiries.FAQ(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, fs)
}

// inquiryQueue is the queue with its counts.
type inquiryQueue struct {
	Items []*stakeholders.Inquiry `json:"items"`
	Stats stakeholders.QueueStats `json:"stats"`
}

func (s *Server) inquiryList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	is, st, err := s.Inquiries.Queue(r.Context(), httpx.Actor(r.Context()),
		stakeholders.Filter{State: q.Get("state"), Overdue: q.Get("overdue") == "true" || q.Get("overdue") == "1"})
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, inquiryQueue{Items: is, Stats: st})
}

// inquiryInput is an inquiry the secretariat registers.
type inquiryInput struct {
	Channel      string `json:"channel"`
	SenderName   string `json:"sender_name"`
	SenderEmail  string `json:"sender_email"`
	Organisation string `json:"organisation"`
	Topic        string `json:"topic"`
	Text         string `json:"text"`
	Locale       string `json:"locale"`
}

func (s *Server) inquiryCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := policy.Check(a, policy.InquiryRegister, policy.Resource{}); err != nil {
		return err
	}
	var in inquiryInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Channel == "" {
		in.Channel = stakeholders.ChannelAPI
	}
	i := &stakeholders.Inquiry{Channel: in.Channel, SenderName: in.SenderName, SenderEmail: in.SenderEmail,
		Organisation: in.Organisation, Topic: in.Topic, Text: in.Text, Locale: in.Locale}
	if err := s.Inquiries.Register(r.Context(), a, i); err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/inquiries/"+strconv.FormatInt(i.ID, 10))
	return reply(w, http.StatusCreated, i)
}

func (s *Server) inquiryGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	i, err := s.Inquiries.Inquiry(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}

// inquiryDo checks the manage permission, reads the body into in (when
// not nil) and runs the action on the inquiry of the path.
func (s *Server) inquiryDo(w http.ResponseWriter, r *http.Request, in any, run func(id int64) (*stakeholders.Inquiry, error)) error {
	if err := policy.Check(httpx.Actor(r.Context()), policy.InquiryManage, policy.Resource{}); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if in != nil {
		if err := decode(r, in); err != nil {
			return err
		}
	}
	i, err := run(id)
	if err != nil {
		return err
	}
	return reply(w, http.StatusOK, i)
}

func (s *Server) inquiryAssign(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		OwnerID  int64  `json:"owner_id"`
		Deadline string `json:"deadline"` // RFC 3339 or YYYY-MM-DD; empty keeps it
	}
	return s.inquiryDo(w, r, &in, func(id int64) (*stakeholders.Inquiry, error) {
		var d time.Time
		if in.Deadline != "" {
			var err error
			if d, err = time.Parse(time.RFC3339, in.Deadline); err != nil {
				if d, err = time.Parse(time.DateOnly, in.Deadline); err != nil {
					return nil, errs.InvalidField("deadline", "inquiries.error.date")
				}
			}
		}
		return s.Inquiries.Assign(r.Context(), httpx.Actor(r.Context()), id, in.OwnerID, d)
	})
}

func (s *Server) inquiryLink(w http.ResponseWriter, r *http.Request) error {
	var in stakeholders.Link
	return s.inquiryDo(w, r, &in, func(id int64) (*stakeholders.Inquiry, error) {
		return s.Inquiries.Link(r.Context(), httpx.Actor(r.Context()), id, stakeholders.Link{Type: in.Type, ID: in.ID})
	})
}

func (s *Server) inquiryAnswer(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Text string `json:"text"`
	}
	return s.inquiryDo(w, r, &in, func(id int64) (*stakeholders.Inquiry, error) {
		return s.Inquiries.AnswerInquiry(r.Context(), httpx.Actor(r.Context()), id, in.Text)
	})
}

func (s *Server) inquiryClose(w http.ResponseWriter, r *http.Request) error {
	return s.inquiryDo(w, r, nil, func(id int64) (*stakeholders.Inquiry, error) {
		return s.Inquiries.Close(r.Context(), httpx.Actor(r.Context()), id)
	})
}

func (s *Server) inquiryFAQ(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Question string `json:"question"`
		Answer   string `json:"answer"`
	}
	return s.inquiryDo(w, r, &in, func(id int64) (*stakeholders.Inquiry, error) {
		return s.Inquiries.PublishFAQ(r.Context(), httpx.Actor(r.Context()), id, in.Question, in.Answer)
	})
}

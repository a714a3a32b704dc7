package web

import (
	"net/http"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/governance"
	"github.com/samstyr/samstyr/internal/httpx"
)

func (s *Server) registerAccountRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /account", signedIn, s.accountShow)
	s.route(mux, "POST /account/settings", signedIn, s.accountSettings)
	s.route(mux, "GET /account/password", signedIn, s.passwordForm)
	s.route(mux, "POST /account/password", signedIn, s.passwordChange)
	s.route(mux, "GET /account/totp", signedIn, s.totpSetup)
	s.route(mux, "POST /account/totp", signedIn, s.totpConfirm)
	s.route(mux, "POST /account/totp/reset", signedIn, s.totpReset)
	s.route(mux, "POST /account/totp/codes", signedIn, s.recoveryCodes)
	s.route(mux, "GET /account/tokens", signedIn, s.tokenList)
	s.route(mux, "POST /account/tokens", signedIn, s.tokenCreate)
	s.route(mux, "POST /account/tokens/{id}/revoke", signedIn, s.tokenRevoke)
}

type accountPage struct {
	basePage
	Person    *auth.Person
	Current   []*governance.Membership
	Past      []*governance.Membership
	CodesLeft int
	Errors    formErrors
}

// accountShow is "my page": the person, their organisation, memberships
// now and before, and their settings.
func (s *Server) accountShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	a := httpx.Actor(r.Context())
	p, err := s.Auth.GetPerson(r.Context(), a, a.PersonID)
	if err != nil {
		return err
	}
	ms, err := s.Gov.MyMemberships(r.Context(), a)
	if err != nil {
		return err
	}
	data := accountPage{basePage: s.base(w, r, "account.title"), Person: p}
	for _, m := range ms {
		if m.Current(s.now()) {
			data.Current = append(data.Current, m)
		} else {
			data.Past = append(data.Past, m)
		}
	}
	if p.TOTPEnabled {
		if data.CodesLeft, err = s.Auth.RecoveryCodesLeft(r.Context(), a); err != nil {
			return err
		}
	}
	data.Errors = fieldErrors(data.P, formErr)
	s.render(w, r, status, "account", data)
	return nil
}

func (s *Server) accountSettings(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	err := s.Auth.UpdatePreferences(r.Context(), a, r.PostFormValue("locale"), r.PostFormValue("notify_mode"))
	if isFormError(err) {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	s.setCookie(w, cookieLang, r.PostFormValue("locale"), 365*24*3600)
	s.redirect(w, r, "/account", "flash.saved")
	return nil
}

type passwordPage struct {
	basePage
	Errors formErrors
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "account_password", passwordPage{basePage: s.base(w, r, "password.title")})
	return nil
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	next := r.PostFormValue("new_password")
	var err error
	if next != r.PostFormValue("confirm_password") {
		err = errs.InvalidField("confirm_password", "auth.error.password_mismatch")
	} else {
		err = s.Auth.ChangePassword(r.Context(), a, sessionHash(r.Context()), r.PostFormValue("current_password"), next)
	}
	if isFormError(err) {
		data := passwordPage{basePage: s.base(w, r, "password.title")}
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "account_password", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(w, r, "/account", "flash.password_changed")
	return nil
}

type totpSetupPage struct {
	basePage
	Enrolment *auth.Enrolment
	Enabled   bool
	Codes     []string
	Errors    formErrors
}

// totpSetup shows the QR code and secret of a new second factor (creating
// one when none is pending), or that one is already set up.
func (s *Server) totpSetup(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	data := totpSetupPage{basePage: s.base(w, r, "totp_setup.title"), Enabled: a.TOTP}
	if !a.TOTP {
		e, err := s.Auth.PendingTOTP(r.Context(), a)
		if err != nil {
			return err
		}
		if e == nil {
			if e, err = s.Auth.BeginTOTP(r.Context(), a); err != nil {
				return err
			}
		}
		data.Enrolment = e
	}
	s.render(w, r, http.StatusOK, "account_totp", data)
	return nil
}

func (s *Server) totpConfirm(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	codes, err := s.Auth.ConfirmTOTP(r.Context(), a, sessionHash(r.Context()), r.PostFormValue("code"))
	data := totpSetupPage{basePage: s.base(w, r, "totp_setup.title"), Enabled: a.TOTP}
	if isFormError(err) {
		data.Errors = fieldErrors(data.P, err)
		if data.Enrolment, err = s.Auth.PendingTOTP(r.Context(), a); err != nil {
			return err
		}
		s.render(w, r, http.StatusUnprocessableEntity, "account_totp", data)
		return nil
	}
	if err != nil {
		return err
	}
	// The recovery codes are shown once, on this page.
	data.Enabled, data.Codes = true, codes
	s.render(w, r, http.StatusOK, "account_totp", data)
	return nil
}

// recoveryCodes makes new recovery codes and shows them once.
func (s *Server) recoveryCodes(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	codes, err := s.Auth.RegenerateRecoveryCodes(r.Context(), a, r.PostFormValue("code"))
	data := totpSetupPage{basePage: s.base(w, r, "totp_setup.title"), Enabled: a.TOTP, Codes: codes}
	if isFormError(err) {
		data.Errors = fieldErrors(data.P, err)
		s.render(w, r, http.StatusUnprocessableEntity, "account_totp", data)
		return nil
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "account_totp", data)
	return nil
}

func (s *Server) totpReset(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := s.Auth.ResetTOTP(r.Context(), a, a.PersonID); err != nil {
		return err
	}
	s.redirect(w, r, "/account", "flash.totp_reset")
	return nil
}

type tokensPage struct {
	basePage
	Tokens []*auth.Token
	New    string // the raw token just created, shown once
	Errors formErrors
	Name   string
}

func (s *Server) tokenList(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, "", "", nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, raw, name string, formErr error) error {
	a := httpx.Actor(r.Context())
	ts, err := s.Auth.Tokens(r.Context(), a, a.PersonID)
	if err != nil {
		return err
	}
	data := tokensPage{basePage: s.base(w, r, "tokens.title"), Tokens: ts, New: raw, Name: name}
	data.Errors = fieldErrors(data.P, formErr)
	s.render(w, r, status, "account_tokens", data)
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	name := r.PostFormValue("name")
	raw, _, err := s.Auth.CreateToken(r.Context(), a, a.PersonID, name)
	if isFormError(err) {
		return s.renderTokens(w, r, http.StatusUnprocessableEntity, "", name, err)
	}
	if err != nil {
		return err
	}
	return s.renderTokens(w, r, http.StatusOK, raw, "", nil)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), httpx.Actor(r.Context()), id); err != nil {
		return err
	}
	s.redirect(w, r, "/account/tokens", "flash.token_revoked")
	return nil
}

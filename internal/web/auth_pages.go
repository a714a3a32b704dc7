package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/auth"
	"github.com/samstyr/samstyr/internal/errs"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
)

func (s *Server) registerAuthRoutes(mux *http.ServeMux) {
	s.route(mux, "GET /login", public, s.loginForm)
	s.route(mux, "POST /login", public, s.login)
	s.route(mux, "GET /login/totp", public, s.totpForm)
	s.route(mux, "POST /login/totp", public, s.totpVerify)
	s.route(mux, "GET /login/oidc/{provider}", public, s.oidcBegin)
	s.route(mux, "GET /login/oidc/{provider}/callback", public, s.oidcCallback)
	s.route(mux, "POST /logout", public, s.logout)
	s.route(mux, "POST /language", public, s.language)
}

type loginPage struct {
	basePage
	Email     string
	Return    string
	Errors    formErrors
	Providers []auth.Provider
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if httpx.Actor(r.Context()) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login", loginPage{basePage: s.base(w, r, "login.title"),
		Return: auth.SafeReturn(r.URL.Query().Get("return")), Providers: s.Auth.Providers()})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	in := auth.Login{Email: r.PostFormValue("email"), Password: r.PostFormValue("password"),
		Address: httpx.ClientAddr(r, s.TrustProxy), UserAgent: r.UserAgent()}
	ret := auth.SafeReturn(r.PostFormValue("return"))
	res, err := s.Auth.Login(r.Context(), in)
	if err != nil {
		data := loginPage{basePage: s.base(w, r, "login.title"), Email: in.Email, Return: ret, Providers: s.Auth.Providers()}
		data.Errors = fieldErrors(data.P, err)
		status := statusOf[errs.CodeOf(err)]
		if e := errs.As(err); e != nil && e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		if errs.CodeOf(err) == errs.Internal {
			return err
		}
		s.render(w, r, status, "login", data)
		return nil
	}
	s.startBrowserSession(w, r, res, ret)
	return nil
}

// startBrowserSession sets the new session cookie and sends the person on:
// to the second factor, to set one up, or where they were going.
// Signing in again ends the browser's previous session, and the CSRF
// token changes with the session (rotateCSRF).
func (s *Server) startBrowserSession(w http.ResponseWriter, r *http.Request, res *auth.LoginResult, ret string) {
	if old := s.cookie(r, cookieSession); old != "" && old != res.SessionID {
		if err := s.Auth.Logout(r.Context(), old); err != nil {
			s.Log.Warn("ending the previous session", "err", err)
		}
	}
	s.setCookie(w, cookieSession, res.SessionID, 0)
	if !res.NeedTOTP {
		s.rotateCSRF(w) // else when the second factor completes the sign-in
	}
	if res.Person != nil {
		s.setCookie(w, cookieLang, res.Person.Locale, 365*24*3600)
	}
	to := ret
	switch {
	case res.NeedTOTP:
		to = "/login/totp"
		if ret != "" {
			to += "?return=" + url.QueryEscape(ret)
		}
	case res.MustEnrol:
		to = "/account/totp"
	case to == "":
		to = "/"
	}
	w.Header().Set("Location", to)
	w.WriteHeader(http.StatusSeeOther)
}

type totpPage struct {
	basePage
	Return string
	Errors formErrors
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	if sessionHash(r.Context()) == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login_totp", totpPage{basePage: s.base(w, r, "totp.title"), Return: auth.SafeReturn(r.URL.Query().Get("return"))})
	return nil
}

func (s *Server) totpVerify(w http.ResponseWriter, r *http.Request) error {
	raw := s.cookie(r, cookieSession)
	ret := auth.SafeReturn(r.PostFormValue("return"))
	id, err := s.Auth.VerifySecondFactor(r.Context(), raw, r.PostFormValue("code"), httpx.ClientAddr(r, s.TrustProxy), r.UserAgent())
	if isFormError(err) {
		data := totpPage{basePage: s.base(w, r, "totp.title"), Return: ret}
		data.Errors = fieldErrors(data.P, err)
		if e := errs.As(err); e != nil && e.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		s.render(w, r, statusOf[errs.CodeOf(err)], "login_totp", data)
		return nil
	}
	if err != nil {
		return err
	}
	if ret == "" {
		ret = "/"
	}
	s.setCookie(w, cookieSession, id, 0)
	s.rotateCSRF(w)
	http.Redirect(w, r, ret, http.StatusSeeOther)
	return nil
}

func (s *Server) oidcBegin(w http.ResponseWriter, r *http.Request) error {
	state, to, err := s.Auth.BeginOIDC(r.Context(), r.PathValue("provider"), r.URL.Query().Get("return"))
	if err != nil {
		return err
	}
	s.setCookie(w, cookieOIDC, state, 600)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	res, ret, err := s.Auth.CompleteOIDC(r.Context(), auth.OIDCCallback{Provider: r.PathValue("provider"), State: q.Get("state"),
		CookieState: s.cookie(r, cookieOIDC), Code: q.Get("code"), Error: q.Get("error"),
		Address: httpx.ClientAddr(r, s.TrustProxy), UserAgent: r.UserAgent()})
	s.setCookie(w, cookieOIDC, "", -1)
	if err != nil {
		s.Log.Warn("openid sign-in failed", "err", err)
		s.showError(w, r, err)
		return nil
	}
	s.startBrowserSession(w, r, res, ret)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Auth.Logout(r.Context(), s.cookie(r, cookieSession)); err != nil {
		return err
	}
	s.setCookie(w, cookieSession, "", -1)
	s.redirect(w, r, "/", "flash.signed_out")
	return nil
}

// language switches the language: stored on the person when signed in, in
// a cookie otherwise.
func (s *Server) language(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !contains(i18n.Languages, lang) {
		return errs.InvalidField("lang", "auth.error.locale")
	}
	if a := httpx.Actor(r.Context()); a != nil {
		p, err := s.Auth.GetPerson(r.Context(), a, a.PersonID)
		if err != nil {
			return err
		}
		if err := s.Auth.UpdatePreferences(r.Context(), a, lang, p.NotifyMode); err != nil {
			return err
		}
	}
	s.setCookie(w, cookieLang, lang, 365*24*3600)
	ret := auth.SafeReturn(r.PostFormValue("return"))
	if ret == "" || strings.HasPrefix(ret, "/language") {
		ret = "/"
	}
	http.Redirect(w, r, ret, http.StatusSeeOther)
	return nil
}

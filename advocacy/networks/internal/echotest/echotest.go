// Package echotest answers requests with error bodies that quote the
// request back — headers, query and body — as a careless or hostile server
// might, so that the clients' tests can check that no error they return
// carries a secret the client sent.
package echotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// Shapes are the error bodies Answer can write: the request as plain text;
// a JSON error with the request in every field the clients read; and a
// JSON error quoting only the secret values, with none of the header or
// field names that would give them away.
var Shapes = []string{"raw", "json", "values"}

// Statuses are the error statuses worth echoing with: refusals the
// clients explain (401, 403, 422) as well as plain 400 and 500.
var Statuses = []int{400, 401, 403, 422, 500}

// secretFields are form, query and JSON fields that carry secrets.
var secretFields = map[string]bool{
	"password": true, "client_secret": true, "code_verifier": true, "code": true,
	"access_token": true, "refresh_token": true, "accessJwt": true, "refreshJwt": true,
	"oauth_token": true, "oauth_verifier": true, "oauth_signature": true,
}

// Answer writes status and an error body of the given shape quoting r, and
// returns the secrets r carried: the Authorization header and its values
// (a Bearer token; OAuth 1.0a's signature, token and verifier) and any
// secret form, query or JSON field.
func Answer(w http.ResponseWriter, r *http.Request, status int, shape string) (sent []string, body []byte) {
	data, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(data))
	var dump strings.Builder
	fmt.Fprintf(&dump, "%s %s\n", r.Method, r.URL.RequestURI())
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(&dump, "%s: %s\n", k, strings.Join(r.Header[k], ", "))
	}
	dump.Write(data)

	fields := url.Values{}
	for k, v := range r.URL.Query() {
		fields[k] = v
	}
	if form, err := url.ParseQuery(string(data)); err == nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		for k, v := range form {
			fields[k] = append(fields[k], v...)
		}
	}
	var object map[string]any
	if json.Unmarshal(data, &object) == nil {
		for k, v := range object {
			if s, ok := v.(string); ok {
				fields.Add(k, s)
			}
		}
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		sent = append(sent, auth)
		if token, ok := strings.CutPrefix(auth, "Bearer "); ok {
			sent = append(sent, token)
		}
		if params, ok := strings.CutPrefix(auth, "OAuth "); ok {
			for _, part := range strings.Split(params, ",") {
				k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
				v, _ = url.QueryUnescape(strings.Trim(v, `"`))
				fields.Add(k, v)
			}
		}
	}
	for k, vs := range fields {
		if secretFields[k] {
			sent = append(sent, vs...)
		}
	}

	switch shape {
	case "raw":
		w.Header().Set("Content-Type", "text/plain")
		body = []byte(dump.String())
	case "json":
		d := dump.String()
		body, _ = json.Marshal(map[string]any{
			"error": d, "error_description": d, "message": d, "title": d, "type": d, "detail": d,
			"code": d, "serviceErrorCode": d, "errors": []map[string]string{{"code": d, "message": d}},
		})
	case "values":
		var bare []string // the values alone, without "Bearer " or "OAuth "
		for _, v := range sent {
			if v != r.Header.Get("Authorization") {
				bare = append(bare, v)
			}
		}
		joined := strings.Join(bare, " ")
		quoted := "rejected " + joined
		body, _ = json.Marshal(map[string]any{
			"error": joined, "error_description": quoted, "message": quoted, "title": quoted,
			"detail": quoted, "code": joined, "errors": []map[string]string{{"message": quoted}},
		})
	default:
		panic("echotest: no shape " + shape)
	}
	if shape != "raw" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	w.Write(body)
	return sent, body
}

// Check fails t when the call what did not fail, or when its error holds
// any of the secrets sent (as Answer returned them) or known (secrets the
// client holds, sent or not), or quotes the echoed request. It also fails
// when body does not quote at least one of the secrets sent, since then the
// check would prove nothing.
func Check(t testing.TB, what string, err error, body []byte, sent, known []string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error for an error answer", what)
		return
	}
	if len(sent) == 0 || Leak(string(body), sent...) == "" {
		t.Errorf("%s: the echo server quoted none of the secrets sent (%q), so this proves nothing", what, sent)
	}
	text := fmt.Sprintf("%v %+v %#v", err, err, err.Error())
	if s := Leak(text, append(append([]string(nil), sent...), known...)...); s != "" {
		t.Errorf("%s: the error holds the secret %q: %v", what, s, err)
	}
	if strings.Contains(text, "User-Agent") || strings.Contains(text, "Advocate/") {
		t.Errorf("%s: the error quotes the request: %v", what, err)
	}
}

// Leak returns the first of secrets (at least 4 bytes long) that text
// holds, as it is or URL-encoded, or "" when there is none.
func Leak(text string, secrets ...string) string {
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		if strings.Contains(text, s) || strings.Contains(text, url.QueryEscape(s)) || strings.Contains(text, url.PathEscape(s)) {
			return s
		}
	}
	return ""
}

package networks

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestUnexpectedReadsEachNetworksErrorShape(t *testing.T) {
	cases := []struct {
		network, body string
		code, message string
	}{
		{"Bluesky", `{"error":"InvalidRequest","message":"Record/text must not be longer than 300 graphemes"}`, "InvalidRequest", "Record/text must not be longer than 300 graphemes"},
		{"Mastodon", `{"error":"Validation failed: Text character limit of 500 exceeded"}`, "Validation failed: Text character limit of 500 exceeded", ""},
		{"Mastodon", `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}`, "invalid_grant", "The provided authorization grant is invalid"},
		{"X", `{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}`, "Forbidden", "You are not allowed to create a Tweet with duplicate content."},
		{"X", `{"type":"https://api.twitter.com/2/problems/usage-capped","detail":"Usage cap exceeded"}`, "https://api.twitter.com/2/problems/usage-capped", "Usage cap exceeded"},
		{"X", `{"errors":[{"code":187,"message":"Status is a duplicate."}]}`, "187", "Status is a duplicate."},
		{"LinkedIn", `{"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}`, "65600", "Invalid access token"},
		{"LinkedIn", `{"status":422,"code":"DUPLICATE_POST","message":"Content is a duplicate of urn:li:share:1"}`, "DUPLICATE_POST", "Content is a duplicate of urn:li:share:1"},
		{"Bluesky", `<html><body>502 Bad Gateway</body></html>`, "", ""},
		{"Bluesky", ``, "", ""},
		{"Mastodon", `{"error":{"nested":"object"},"message":42}`, "", "42"},
	}
	for _, c := range cases {
		e := Unexpected(c.network, 422, []byte(c.body))
		if e.Network != c.network || e.Status != 422 || e.Code != c.code || e.Message != c.message {
			t.Errorf("%s %s: got %+v; want code %q, message %q", c.network, c.body, e, c.code, c.message)
		}
	}
}

func TestStatusErrorText(t *testing.T) {
	cases := map[string]*StatusError{
		`networks: Mastodon answered 500 Internal Server Error (code "x"): message`: {Network: "Mastodon", Status: 500, Code: "x", Message: "message"},
		`networks: X answered 503 Service Unavailable`:                              {Network: "X", Status: 503},
		`networks: LinkedIn answered 599: down`:                                     {Network: "LinkedIn", Status: 599, Message: "down"},
	}
	for want, e := range cases {
		if got := e.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for status, want := range map[int]bool{499: false, 500: true, 503: true, 599: true, 600: false, 400: false} {
		if got := (&StatusError{Status: status}).ServerSide(); got != want {
			t.Errorf("ServerSide(%d) = %v", status, got)
		}
	}
	wrapped := fmt.Errorf("outer: %w", Unexpected("Bluesky", 502, nil))
	var se *StatusError
	if !errors.As(wrapped, &se) || se.Status != 502 || !se.ServerSide() {
		t.Fatalf("errors.As through a wrap: %v", wrapped)
	}
}

func TestUnexpectedKeepsNoSecret(t *testing.T) {
	const token = "tok-Mh2x9Lp4"
	for _, body := range []string{
		`{"error":"bad token tok-Mh2x9Lp4"}`,                                          // the secret as sent
		`{"error":"bad","message":"got tok%2BMh2x9Lp4"}`,                              // encoded forms are checked below
		`{"error":"bad","message":"Authorization: Bearer abc"}`,                       // header names
		`{"error":"bad","message":"client_secret=abc&code_verifier=def"}`,             // form names
		`{"error":"bad","message":"oauth_signature=\"abc\""}`,                         // OAuth 1.0a
		`{"error":"bad","message":"saw eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.sig"}`, // a JWT
		`{"error":"bad","message":"saw 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}`,
	} {
		e := Unexpected("Mastodon", 400, []byte(body), token, "tok+Mh2x9Lp4")
		if e.Message != "" || strings.Contains(e.Error(), "Mh2x9") || e.Code != "" && e.Code != "bad" {
			t.Errorf("%s: kept %+v", body, e)
		}
	}
	// A secret quoted in a long message is found before the message is
	// cut short, so that no prefix of it is kept.
	long := strings.Repeat("word ", 30) + token
	data, _ := json.Marshal(map[string]string{"message": long})
	if e := Unexpected("Mastodon", 400, data, token); e.Message != "" {
		t.Fatalf("a secret past the cut was kept: %q", e.Message)
	}
	// Short, harmless messages are kept, cut to MaxMessage runes.
	data, _ = json.Marshal(map[string]string{"message": strings.Repeat("é", 300)})
	if e := Unexpected("Mastodon", 400, data, token); len([]rune(e.Message)) != MaxMessage {
		t.Fatalf("message of %d runes", len([]rune(e.Message)))
	}
	data, _ = json.Marshal(map[string]string{"message": "Invalid identifier or password\n\tplease retry"})
	if e := Unexpected("Bluesky", 401, data, token, "abcd-efgh-ijkl-mnop"); e.Message != "Invalid identifier or password please retry" {
		t.Fatalf("harmless message: %q", e.Message)
	}
}

func TestUnreadableIsFoundThroughWraps(t *testing.T) {
	var syntax *json.SyntaxError
	bad := json.Unmarshal([]byte(`{"id":"1","url":"https://so`), &struct{}{})
	err := fmt.Errorf("client: %w", Unreadable("Mastodon", bad))
	var ue *UnreadableError
	if !errors.As(err, &ue) || ue.Network != "Mastodon" || !errors.Is(err, ErrUnreadable) || !errors.As(err, &syntax) {
		t.Fatalf("unreadable: %v", err)
	}
	if _, err := ReadBody(io.MultiReader(strings.NewReader("{"), errReader{})); !errors.Is(err, io.ErrUnexpectedEOF) || !errors.Is(err, ErrUnreadable) {
		t.Fatalf("a failed read: %v", err)
	}
	if _, err := Read("X", strings.NewReader(strings.Repeat("a", MaxBody+1))); !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrUnreadable) {
		t.Fatalf("too large: %v", err)
	}
	if errors.Is(Unexpected("X", 500, nil), ErrUnreadable) {
		t.Fatal("a status error reads as unreadable")
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

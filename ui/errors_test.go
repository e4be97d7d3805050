package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/advocate-app/advocate/advocacy/core"
	"github.com/advocate-app/advocate/advocacy/network"
	"github.com/advocate-app/advocate/advocacy/networks"
	"github.com/advocate-app/advocate/advocacy/share"
	"github.com/advocate-app/advocate/advocacy/store"
)

func TestEveryTroubleHasASentence(t *testing.T) {
	for tr := core.TroubleOther + 1; tr < core.TroubleCount; tr++ {
		if troubleText(core.Explained{Trouble: tr}, args{}) == "" {
			t.Errorf("trouble %d has no sentence", tr)
		}
	}
}

func TestErrorsReadInTheUsersLanguageWithoutPackageNames(t *testing.T) {
	useLanguage(t, "fr")
	cases := map[error]string{
		fmt.Errorf("%w: /home/ada/advocate.db is locked by another program", store.ErrBusy): "Un autre programme tient la base de données",
		networks.Reconnect("Mastodon", "The access token is invalid"):                       "Le réseau n'accepte plus votre connexion",
		&networks.TooLong{Network: "X", Count: 300, Limit: 280}:                             "trop longue pour X (300 sur 280 caractères)",
		fmt.Errorf("org: the bundle could not be kept: %w", fmt.Errorf("store: disk full")): "Un problème est survenu : the bundle could not be kept: disk full",
	}
	for err, want := range cases {
		got := userError(err)
		if !strings.Contains(got, want) {
			t.Errorf("%v: %q, want %q in it", err, got, want)
		}
		for _, prefix := range []string{"store: ", "org: ", "networks: "} {
			if strings.Contains(got, prefix) {
				t.Errorf("%v: %q shows the package name %q", err, got, prefix)
			}
		}
	}
}

func TestWhyAShareWaitsReadsInTheUsersLanguage(t *testing.T) {
	useLanguage(t, "fr")
	got := shareLine(share.Share{Network: network.Mastodon, Why: share.WhyReconnect, Error: "networks: sign-in no longer valid: Mastodon says \"revoked\""})
	if !strings.HasPrefix(got, "Mastodon n'accepte plus la connexion") {
		t.Fatalf("detail %q", got)
	}
	for _, why := range []share.Why{share.WhyStopped, share.WhyBlockedLater, share.WhyDuplicate, share.WhyReconnect, share.WhyRateLimited,
		share.WhyTooLong, share.WhyOffline, share.WhyNoAnswer, share.WhyUnclear, share.WhyServer, share.WhyRefused, share.WhyConfirmed, share.WhyNotForRole} {
		if whyText(share.Share{Network: network.X, Why: why}) == "" {
			t.Errorf("%s has no sentence", why)
		}
	}
}

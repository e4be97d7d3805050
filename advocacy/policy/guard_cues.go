package policy

import "strings"

// Some protected topics are words of everyday and product language too:
// "safety" is a working condition in "the safety memo says the guards are
// broken" and a product's in "the new safety feature ships in Q1"; so are
// hours, shift, benefits, bonus, strike and pay. Such a topic counts for
// the protected-context guard only in a sentence about work: one with a
// workplace or concerted-activity cue (we, colleagues, staff, the plant,
// unfair, reported, let's …) or another protected topic, and never when a
// product word follows it ("safety feature", "benefits package" does
// count: a package is pay).

// defaultAmbiguousTopics are the protected topics that need a cue, when the
// policy's protected_context does not list its own.
var defaultAmbiguousTopics = []string{
	"safety", "hours", "shift", "benefits", "bonus", "strike", "pay", "paid", "compensation",
	"sécurité", "heures",
}

// defaultWorkCues are words that place a sentence at work or make it a
// complaint or a call to act together, in English and French.
var defaultWorkCues = []string{
	// Who and where.
	"we", "our", "us", "ours", "here", "colleague", "coworker", "co-worker", "staff", "worker",
	"employee", "team", "management", "manager", "boss", "hr", "plant", "warehouse", "factory",
	"site", "line", "floor", "depot", "night", "workplace", "at work", "job", "union", "rep",
	"folks", "everyone", "nobody", "people", "forklift", "guards", "memo",
	// Complaints and concerted activity.
	"complaint", "complain", "complained", "reported", "report", "unfair", "fair", "wrong",
	"broken", "ignored", "not ok", "not safe", "unsafe", "cut", "worse", "exhausted", "tired",
	"deserve", "together", "let's", "talk", "discuss", "share", "sharing", "compare", "ask",
	"petition", "organize", "organise", "issue", "concern", "right", "affected", "notice",
	"schedule", "not sustainable", "not paid",
	// French.
	"nous", "nos", "notre", "on", "ici", "collègue", "équipe", "direction", "usine", "entrepôt",
	"ligne", "atelier", "chantier", "signalé", "injuste", "épuisé", "ensemble", "parlons",
	"droit", "dégradent", "travail", "salarié",
}

// productWords after an ambiguous topic make it a product's ("safety
// feature", "sécurité produit").
var productWords = []string{
	"feature", "rating", "standard", "certification", "recall", "update", "release", "system",
	"sensor", "test", "mode", "launch", "fonctionnalité", "fonction", "produit", "option", "module",
	"app", "campaign", "webinar",
}

// ambiguousTopic reports a protected topic of the list, compared case
// folded.
func ambiguousTopic(term string, list []string) bool {
	for _, t := range list {
		if strings.EqualFold(term, t) {
			return true
		}
	}
	return false
}

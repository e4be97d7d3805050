package policy

import (
	"strconv"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// This file decides whether a telephone number the scanner found
// (findPhones) is a person's. The scanner finds the shapes numbers are
// written in; libphonenumber's metadata (github.com/nyaruka/phonenumbers)
// says whether the digits are a number at all and of what kind. A number
// the metadata does not know (an unassigned area code, Ofcom's drama
// range) is not a telephone number; toll-free, shared-cost, premium-rate
// and universal-access numbers are businesses'; so are the fictional
// 555-0100 to 555-0199 and the company's own numbers in the policy.

// personalPhone reports whether number, as written in a post, is a
// person's telephone number. company are the policy's numbers, as
// phoneDigits.
func personalPhone(number string, company []string) bool {
	if businessPhone(number, company) {
		return false
	}
	switch phoneKind(phoneDigits(number)) {
	case phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE,
		phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER:
		return true
	}
	// UNKNOWN (not a valid number), TOLL_FREE, PREMIUM_RATE, SHARED_COST,
	// UAN and VOICEMAIL.
	return false
}

// phoneKinds remembers the kind of numbers already classified: the
// metadata's patterns are large (a North American number is tried
// against each region's), and the same numbers recur from post to post.
// It is bounded; when full it starts again.
var phoneKinds = struct {
	sync.Mutex
	m map[string]phonenumbers.PhoneNumberType
}{m: map[string]phonenumbers.PhoneNumberType{}}

const phoneKindsMax = 4096

// phoneKind classifies international digits (country code first) with
// libphonenumber's metadata; UNKNOWN when they are no valid number.
func phoneKind(digits string) phonenumbers.PhoneNumberType {
	phoneKinds.Lock()
	k, ok := phoneKinds.m[digits]
	phoneKinds.Unlock()
	if ok {
		return k
	}
	k = classifyPhone(digits)
	phoneKinds.Lock()
	if len(phoneKinds.m) >= phoneKindsMax {
		clear(phoneKinds.m)
	}
	phoneKinds.m[digits] = k
	phoneKinds.Unlock()
	return k
}

// classifyPhone splits digits into a country calling code (one to three
// digits the metadata knows) and a national number, and asks the metadata
// for its type. It does not parse the written form again: the scanner has
// already read it.
func classifyPhone(digits string) phonenumbers.PhoneNumberType {
	if len(digits) < 7 || len(digits) > 17 {
		return phonenumbers.UNKNOWN
	}
	for n := 1; n <= 3; n++ {
		cc, err := strconv.Atoi(digits[:n])
		if err != nil || phonenumbers.GetRegionCodeForCountryCode(cc) == "ZZ" {
			continue
		}
		national := digits[n:]
		nn, err := strconv.ParseUint(national, 10, 64)
		if err != nil {
			return phonenumbers.UNKNOWN
		}
		code := int32(cc)
		num := &phonenumbers.PhoneNumber{CountryCode: &code, NationalNumber: &nn}
		if zeros := leadingZeros(national); zeros > 0 { // Italian numbers keep their leading zero
			lead, count := true, int32(zeros)
			num.ItalianLeadingZero, num.NumberOfLeadingZeros = &lead, &count
		}
		return phonenumbers.GetNumberType(num)
	}
	return phonenumbers.UNKNOWN
}

func leadingZeros(s string) int {
	n := 0
	for n < len(s)-1 && s[n] == '0' {
		n++
	}
	return n
}

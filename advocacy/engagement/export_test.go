package engagement

// Words exports the share pipeline's words this package spells out, for
// the external test that checks them against the share package.
var Words = [3]string{sharePosted, kindPosted, kindConfirmed}

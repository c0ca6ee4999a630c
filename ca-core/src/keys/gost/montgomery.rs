//! Field arithmetic for the GOST curves' coordinates: word-by-word Montgomery multiplication
//! (CIOS) and modular addition, subtraction and negation on fixed-size arrays of 64-bit words,
//! in the same Montgomery form (R = 2^(64·N)) as `primefield`'s elements, so the two mix
//! freely: `primefield` keeps the encodings, the constants and the inversion, this module does
//! the multiplications and additions that point arithmetic spends its time in.
//!
//! This is the algorithm fiat-crypto's `word-by-word-montgomery` backend emits for one modulus,
//! written once for any N and specialised by the compiler for each curve (crypto-bigint's
//! generic Montgomery code is not inlined into the point formulas, which made it several times
//! slower). Constant-time: no branch and no memory access depends on the values; the final
//! conditional subtraction is a mask. Checked against crypto-bigint's `MontyForm` on random
//! and edge-case inputs for every curve (`tests::field_arithmetic_agrees_with_crypto_bigint`)
//! and by `primefield`'s field tests.

/// An odd modulus p < 2^(64·N), little-endian words, with −p⁻¹ mod 2^64.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Modulus<const N: usize> {
    words: [u64; N],
    neg_inv: u64,
    /// c when p = 2^(64·N) − c with c < 2^32 (256 A/B: c = 617; 512 A/C: c = 569), else 0.
    /// Then m·p = m·2^(64·N) − m·c, and each reduction step costs one multiplication
    /// instead of N.
    pseudo_mersenne_c: u64,
}

/// a + b + carry: the sum's low word and its carry.
#[inline(always)]
const fn add_carry(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let sum = a as u128 + b as u128 + carry as u128;
    (sum as u64, (sum >> 64) as u64)
}

/// a − b − borrow: the difference's low word and its borrow (0 or 1).
#[inline(always)]
const fn sub_borrow(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let difference = (a as u128).wrapping_sub(b as u128 + borrow as u128);
    (difference as u64, (difference >> 127) as u64)
}

/// acc + a·b + carry: the low word and the high word (never overflows 128 bits).
#[inline(always)]
const fn mul_add_carry(acc: u64, a: u64, b: u64, carry: u64) -> (u64, u64) {
    let value = acc as u128 + (a as u128) * (b as u128) + carry as u128;
    (value as u64, (value >> 64) as u64)
}

impl<const N: usize> Modulus<N> {
    /// The modulus with these little-endian words; panics (at compile time, where used in a
    /// constant) if it is even.
    pub(crate) const fn new(words: [u64; N]) -> Self {
        assert!(words[0] & 1 == 1, "a Montgomery modulus must be odd");
        // Newton's iteration doubles the correct low bits each step: 1 → 64 in six steps.
        let mut inverse: u64 = 1;
        let mut step = 0;
        while step < 6 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(words[0].wrapping_mul(inverse)));
            step += 1;
        }
        let mut upper_all_ones = true;
        let mut i = 1;
        while i < N {
            upper_all_ones &= words[i] == u64::MAX;
            i += 1;
        }
        let c = words[0].wrapping_neg();
        Modulus {
            words,
            neg_inv: inverse.wrapping_neg(),
            pseudo_mersenne_c: if upper_all_ones && c < 1 << 32 { c } else { 0 },
        }
    }

    /// `value` − p if `high`:`value` ≥ p, else `value` (`high` is 0 or 1, the word above).
    #[inline(always)]
    const fn reduce_once(&self, value: [u64; N], high: u64) -> [u64; N] {
        let mut reduced = [0u64; N];
        let mut borrow = 0;
        let mut i = 0;
        while i < N {
            (reduced[i], borrow) = sub_borrow(value[i], self.words[i], borrow);
            i += 1;
        }
        // value < p exactly when the subtraction borrowed out of the high word too.
        let (_, below) = sub_borrow(high, 0, borrow);
        let keep = below.wrapping_neg();
        let mut out = [0u64; N];
        let mut i = 0;
        while i < N {
            out[i] = (value[i] & keep) | (reduced[i] & !keep);
            i += 1;
        }
        out
    }

    /// a·b·R⁻¹ mod p, for a, b < p in Montgomery form.
    #[inline(always)]
    pub(crate) const fn mul(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let p = &self.words;
        let mut t = [0u64; N];
        let mut t_high = 0u64;
        let mut i = 0;
        while i < N {
            let mut carry = 0;
            let mut j = 0;
            while j < N {
                (t[j], carry) = mul_add_carry(t[j], a[j], b[i], carry);
                j += 1;
            }
            let (sum, t_top) = add_carry(t_high, carry, 0);
            t_high = sum;
            // t + m·p ≡ 0 mod 2^64; shift it down a word.
            let m = t[0].wrapping_mul(self.neg_inv);
            if self.pseudo_mersenne_c != 0 {
                // t + m·2^(64·N) − m·c: the low word of m·c equals t[0] (so it cancels with
                // no borrow), the high word comes off t[1], and m lands on the word above.
                let product = (m as u128) * (self.pseudo_mersenne_c as u128);
                let mut borrow;
                (t[0], borrow) = sub_borrow(t[1], (product >> 64) as u64, 0);
                let mut j = 2;
                while j < N {
                    (t[j - 1], borrow) = sub_borrow(t[j], 0, borrow);
                    j += 1;
                }
                let (sum, carry) = add_carry(t_high, m, 0);
                let (top, underflow) = sub_borrow(sum, 0, borrow);
                t[N - 1] = top;
                t_high = t_top + carry - underflow;
            } else {
                let (_, mut carry) = mul_add_carry(t[0], m, p[0], 0);
                let mut j = 1;
                while j < N {
                    (t[j - 1], carry) = mul_add_carry(t[j], m, p[j], carry);
                    j += 1;
                }
                let (sum, overflow) = add_carry(t_high, carry, 0);
                t[N - 1] = sum;
                t_high = t_top + overflow;
            }
            i += 1;
        }
        self.reduce_once(t, t_high)
    }

    /// a² · R⁻¹ mod p.
    #[inline(always)]
    pub(crate) const fn square(&self, a: &[u64; N]) -> [u64; N] {
        self.mul(a, a)
    }

    /// a + b mod p, for a, b < p.
    #[inline(always)]
    pub(crate) const fn add(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let mut sum = [0u64; N];
        let mut carry = 0;
        let mut i = 0;
        while i < N {
            (sum[i], carry) = add_carry(a[i], b[i], carry);
            i += 1;
        }
        self.reduce_once(sum, carry)
    }

    /// a − b mod p, for a, b < p.
    #[inline(always)]
    pub(crate) const fn sub(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let mut difference = [0u64; N];
        let mut borrow = 0;
        let mut i = 0;
        while i < N {
            (difference[i], borrow) = sub_borrow(a[i], b[i], borrow);
            i += 1;
        }
        // Add p back when the subtraction borrowed.
        let add_back = borrow.wrapping_neg();
        let mut carry = 0;
        let mut i = 0;
        while i < N {
            (difference[i], carry) = add_carry(difference[i], self.words[i] & add_back, carry);
            i += 1;
        }
        difference
    }

    /// −a mod p, for a < p (0 for 0).
    #[inline(always)]
    pub(crate) const fn neg(&self, a: &[u64; N]) -> [u64; N] {
        self.sub(&[0u64; N], a)
    }
}

/// The inherent arithmetic `primefield::monty_field_element!` expects of `$fe` (what
/// `primefield::monty_field_arithmetic!` would write), with multiplication, squaring, addition,
/// subtraction and negation from [`Modulus`]; conversions and inversion stay `primefield`'s.
macro_rules! fast_field_arithmetic {
    (name: $fe:ident, modulus: $p:literal, uint: $uint:ident) => {
        const MODULUS: $crate::keys::gost::montgomery::Modulus<{ $uint::LIMBS }> =
            $crate::keys::gost::montgomery::Modulus::new($uint::from_be_hex($p).to_words());

        impl $fe {
            #[inline(always)]
            const fn words(&self) -> [u64; $uint::LIMBS] {
                self.0.to_montgomery_words()
            }

            #[inline(always)]
            const fn from_words(words: [u64; $uint::LIMBS]) -> Self {
                Self(primefield::MontyFieldElement::from_montgomery_words(words))
            }

            /// From an integer below p, into Montgomery form.
            #[inline]
            pub(crate) const fn from_uint_unchecked(w: $uint) -> Self {
                Self(primefield::MontyFieldElement::from_uint_reduced(&w))
            }

            /// Out of Montgomery form.
            #[inline]
            pub const fn to_canonical(self) -> $uint {
                self.0.to_canonical()
            }

            /// self + rhs.
            #[inline(always)]
            pub const fn add(&self, rhs: &Self) -> Self {
                Self::from_words(MODULUS.add(&self.words(), &rhs.words()))
            }

            /// 2·self.
            #[inline(always)]
            #[must_use]
            pub const fn double(&self) -> Self {
                self.add(self)
            }

            /// self − rhs.
            #[inline(always)]
            pub const fn sub(&self, rhs: &Self) -> Self {
                Self::from_words(MODULUS.sub(&self.words(), &rhs.words()))
            }

            /// self · rhs.
            #[inline(always)]
            pub const fn multiply(&self, rhs: &Self) -> Self {
                Self::from_words(MODULUS.mul(&self.words(), &rhs.words()))
            }

            /// −self.
            #[inline(always)]
            pub const fn neg(&self) -> Self {
                Self::from_words(MODULUS.neg(&self.words()))
            }

            /// self².
            #[inline(always)]
            #[must_use]
            pub const fn square(&self) -> Self {
                Self::from_words(MODULUS.square(&self.words()))
            }

            /// 1 / self (constant-time safegcd), none for 0.
            #[inline]
            pub fn invert(&self) -> elliptic_curve::subtle::CtOption<Self> {
                self.0.invert().map(Self)
            }

            /// 1 / self, variable-time (public values only).
            #[inline]
            pub fn invert_vartime(&self) -> elliptic_curve::subtle::CtOption<Self> {
                self.0.invert_vartime().map(Self)
            }

            /// 1 / self for constants; panics on 0.
            pub const fn const_invert(&self) -> Self {
                Self(self.0.const_invert())
            }
        }

        impl $crate::keys::gost::edwards::PublicInvert for $fe {
            fn invert_public(&self) -> Option<Self> {
                self.invert_vartime().into()
            }
        }

        impl $crate::keys::gost::comb::MontgomeryWords for $fe {
            type Words = [u64; $uint::LIMBS];
            fn to_words(&self) -> Self::Words {
                self.words()
            }
            fn from_words(words: Self::Words) -> Self {
                Self::from_words(words)
            }
        }
    };
}

pub(crate) use fast_field_arithmetic;

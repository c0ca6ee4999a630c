//! The macro that turns one GOST R 34.10-2012 parameter set — p, a, b, q, the base point, and a
//! quadratic non-residue modulo p and modulo q — into a field, a scalar field and a curve on
//! RustCrypto's `primefield` (constant-time Montgomery arithmetic on `crypto-bigint`; for the
//! coordinates' field, multiplication and addition specialised by `super::montgomery`) and
//! `primeorder` (complete Renes–Costello–Batina formulas, constant-time scalar multiplication),
//! and the byte-level operations GOST needs on it. Field and scalar bytes are little-endian, as
//! GOST writes coordinates, private keys and hash values.
//!
//! The twisted Edwards sets (256 A, 512 C) keep, as GOST specifies, their Weierstrass form for
//! keys and signatures (cofactor 4: `primeorder` assumes a prime-order group, which holds in the
//! subgroup of order q that the base point generates), and compute k·G, verification and the
//! subgroup check in their Edwards form (`super::edwards`); every point decoded from outside is
//! checked to lie in the subgroup (`q·Q = O`) before it is used.

/// Defines module `$module` for one parameter set; `$uint` is `U256` or `U512`, `$bytes` the
/// matching `U32` or `U64`. With `edwards_d: d` (little-endian hex) the set is a twisted Edwards
/// curve u² + v² = 1 + d·u²v² and its point arithmetic runs in that form.
macro_rules! gost_curve {
    (@edwards_d) => {
        None
    };
    (@edwards_d $hex:literal) => {
        Some(FieldElement::from_hex_vartime($hex))
    };
    (
        module: $module:ident,
        doc: $doc:literal,
        uint: $uint:ident,
        bytes: $bytes:ident,
        p: $p:literal,
        // a, b, x, y: little-endian hex, the field's byte order.
        a: $a:literal,
        b: $b:literal,
        q: $q:literal,
        x: $x:literal,
        y: $y:literal,
        non_residue_p: $gp:literal,
        non_residue_q: $gq:literal,
        cofactor: $cofactor:literal,
        // EquationAIsMinusThree where a = p − 3 (faster formulas), else EquationAIsGeneric.
        equation_a: $equation_a:ident,
        $(edwards_d: $d:literal,)?
    ) => {
        #[doc = $doc]
        // `deprecated`: primefield 0.14.0's macros call crypto-bigint's `bits()`.
        #[allow(
            missing_docs,
            unreachable_pub,
            deprecated,
            clippy::arithmetic_side_effects
        )]
        pub(crate) mod $module {
            use elliptic_curve::bigint::{$uint, Odd};
            use elliptic_curve::consts::$bytes;
            use elliptic_curve::ff::PrimeField as _;
            use elliptic_curve::group::Group as _;
            use elliptic_curve::ops::Reduce as _;
            use elliptic_curve::point::AffineCoordinates as _;
            use elliptic_curve::scalar::{FromUintUnchecked, IsHigh};
            #[allow(unused_imports)]
            use elliptic_curve::subtle::ConditionallySelectable;
            #[allow(unused_imports)]
            use elliptic_curve::subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption};
            use primefield::bigint::modular::ConstMontyParams as _;
            use primefield::ByteOrder;

            use crate::keys::gost::comb;
            use crate::keys::gost::edwards::{self, EdwardsCurve};
            use crate::keys::gost::vartime::{
                double_scalar_mul, odd_multiples, Coefficient, Jacobian, BASE_WINDOW,
            };

            /// The curve.
            #[derive(Copy, Clone, Debug, Default, Eq, PartialEq, PartialOrd, Ord)]
            pub struct Curve;

            impl elliptic_curve::Curve for Curve {
                type FieldBytesSize = $bytes;
                type Uint = $uint;
                const ORDER: Odd<$uint> = Odd::<$uint>::from_be_hex($q);
                const FIELD_ENDIANNESS: ByteOrder = ByteOrder::LittleEndian;
            }

            impl elliptic_curve::PrimeCurve for Curve {}

            impl elliptic_curve::point::PointCompression for Curve {
                const COMPRESS_POINTS: bool = false;
            }

            impl elliptic_curve::point::PointCompaction for Curve {
                const COMPACT_POINTS: bool = false;
            }

            // Each set of parameters in a module of its own: the macro imports a trait.
            mod field_params {
                use elliptic_curve::bigint::$uint;
                primefield::monty_field_params! {
                    name: FieldParams,
                    modulus: $p,
                    uint: $uint,
                    byte_order: primefield::ByteOrder::LittleEndian,
                    multiplicative_generator: $gp,
                    doc: "Montgomery parameters of the field modulus p"
                }
            }
            use field_params::FieldParams;

            primefield::monty_field_element! {
                name: FieldElement,
                params: FieldParams,
                uint: $uint,
                doc: "An element of the field modulo p"
            }

            // Multiplication and addition specialised for p (see `montgomery`).
            super::super::montgomery::fast_field_arithmetic! {
                name: FieldElement,
                modulus: $p,
                uint: $uint
            }

            impl elliptic_curve::ops::BatchInvert for FieldElement {}

            mod scalar_params {
                use elliptic_curve::bigint::$uint;
                primefield::monty_field_params! {
                    name: ScalarParams,
                    modulus: $q,
                    uint: $uint,
                    byte_order: primefield::ByteOrder::LittleEndian,
                    multiplicative_generator: $gq,
                    doc: "Montgomery parameters of the subgroup order q"
                }
            }
            use scalar_params::ScalarParams;

            primefield::monty_field_element! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint,
                doc: "An element of the scalar field modulo q"
            }

            primefield::monty_field_arithmetic! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint
            }

            primefield::monty_field_reduce! {
                name: Scalar,
                params: ScalarParams,
                uint: $uint,
            }

            elliptic_curve::scalar_impls!(Curve, Scalar);
            primeorder::wnaf::impl_wnaf_size_for_scalar!(Scalar);

            impl AsRef<Scalar> for Scalar {
                fn as_ref(&self) -> &Scalar {
                    self
                }
            }

            impl FromUintUnchecked for Scalar {
                type Uint = $uint;
                fn from_uint_unchecked(uint: Self::Uint) -> Self {
                    Self::from_uint_unchecked(uint)
                }
            }

            impl IsHigh for Scalar {
                fn is_high(&self) -> Choice {
                    let half = <Curve as elliptic_curve::Curve>::ORDER
                        .as_ref()
                        .shr_vartime(1);
                    self.to_canonical().ct_gt(&half)
                }
            }

            pub type AffinePoint = primeorder::AffinePoint<Curve>;
            pub type ProjectivePoint = primeorder::ProjectivePoint<Curve>;

            impl elliptic_curve::CurveArithmetic for Curve {
                type AffinePoint = AffinePoint;
                type ProjectivePoint = ProjectivePoint;
                type Scalar = Scalar;
            }

            impl elliptic_curve::hazmat::FieldArithmetic for Curve {
                type FieldElement = FieldElement;
            }

            impl elliptic_curve::PrimeCurveArithmetic for Curve {
                type CurveGroup = ProjectivePoint;
            }

            impl primeorder::PrimeCurveParams for Curve {
                type PointArithmetic = primeorder::point_arithmetic::$equation_a;
                type Backend = primeorder::mul_backend::VariableOnly;
                const EQUATION_A: FieldElement = FieldElement::from_hex_vartime($a);
                const EQUATION_B: FieldElement = FieldElement::from_hex_vartime($b);
                const GENERATOR: (FieldElement, FieldElement) = (
                    FieldElement::from_hex_vartime($x),
                    FieldElement::from_hex_vartime($y),
                );
            }

            /// Rows of multiples of the base point for `comb`, computed once on first use: d·G
            /// and k·G become masked table scans and mixed additions.
            static COMB_TABLE: std::sync::LazyLock<Vec<comb::Row<FieldElement>>> =
                std::sync::LazyLock::new(|| {
                    use comb::MontgomeryWords as _;
                    let mut base = ProjectivePoint::GENERATOR;
                    (0..comb::rows(Scalar::NUM_BITS as usize))
                        .map(|_| {
                            let mut multiples = [ProjectivePoint::IDENTITY; comb::ROW];
                            let mut multiple = base;
                            for slot in multiples.iter_mut() {
                                *slot = multiple;
                                multiple += &base;
                            }
                            let mut affine = [AffinePoint::IDENTITY; comb::ROW];
                            <ProjectivePoint as elliptic_curve::group::Curve>::batch_normalize(
                                &multiples,
                                &mut affine,
                            );
                            for _ in 0..5 {
                                base = base.double();
                            }
                            affine.map(|point| {
                                let (x, y) = coordinates(&point);
                                (x.to_words(), y.to_words())
                            })
                        })
                        .collect()
                });

            /// The Edwards form and its tables, on the twisted Edwards sets: made on first use.
            struct EdwardsForm {
                curve: EdwardsCurve<FieldElement>,
                /// Rows of multiples of G for k·G.
                comb: Vec<edwards::CombRow<FieldElement>>,
                /// Odd multiples of G and of 2^h·G for verification.
                base: edwards::SplitTable<FieldElement>,
            }

            const EDWARDS_D: Option<FieldElement> =
                crate::keys::gost::curve::gost_curve!(@edwards_d $($d)?);

            static EDWARDS_FORM: std::sync::LazyLock<Option<EdwardsForm>> =
                std::sync::LazyLock::new(|| {
                    let curve = EdwardsCurve::new(EDWARDS_D?);
                    let (x, y) = <Curve as primeorder::PrimeCurveParams>::GENERATOR;
                    let generator = curve
                        .edwards_point(x, y)
                        .expect("G is not the point of order 2");
                    Some(EdwardsForm {
                        comb: curve
                            .comb_table(&generator, comb::rows(Scalar::NUM_BITS as usize)),
                        base: curve.base_table(&generator, <$uint>::LIMBS),
                        curve,
                    })
                });

            /// k·G in affine coordinates, constant-time.
            fn mul_base(k: &Scalar) -> Option<(FieldElement, FieldElement)> {
                let words = k.to_canonical();
                if let Some(form) = EDWARDS_FORM.as_ref() {
                    return edwards::mul_base(&form.comb, words.as_words())
                        .to_weierstrass(&form.curve);
                }
                let coefficients = comb::Coefficients {
                    a: coefficient(),
                    b: <Curve as primeorder::PrimeCurveParams>::EQUATION_B,
                };
                comb::mul_base(&COMB_TABLE, words.as_words(), &coefficients).to_affine()
            }

            /// Bytes in a coordinate, a scalar, half a signature.
            pub const LEN: usize = <$uint>::BITS as usize / 8;
            /// Whether points outside the subgroup exist on this curve.
            const COFACTOR: u32 = $cofactor;

            /// A scalar from little-endian bytes, reduced modulo q.
            fn reduced(le: &[u8]) -> Scalar {
                Scalar::reduce(&$uint::from_le_slice(le))
            }

            /// The private key `d` (little-endian, 0 < d < q), or `None`.
            fn private(d_le: &[u8]) -> Option<Scalar> {
                if d_le.len() != LEN {
                    return None;
                }
                let mut repr = elliptic_curve::FieldBytes::<Curve>::default();
                repr.copy_from_slice(d_le);
                Option::from(Scalar::from_repr(repr)).filter(|d: &Scalar| !bool::from(d.is_zero()))
            }

            /// The public point `d·G`, as LE(X) ‖ LE(Y).
            pub fn public_key(d_le: &[u8]) -> Option<Vec<u8>> {
                let d = private(d_le)?;
                let (x, y) = mul_base(&d)?;
                Some([x.to_repr().as_slice(), y.to_repr().as_slice()].concat())
            }

            /// Both coordinates of LE(X) ‖ LE(Y) as field elements (each below p).
            fn decode_coordinates(public_le: &[u8]) -> Option<(FieldElement, FieldElement)> {
                let decode = |bytes: &[u8]| {
                    let mut repr = elliptic_curve::FieldBytes::<Curve>::default();
                    repr.copy_from_slice(bytes);
                    Option::<FieldElement>::from(FieldElement::from_repr(repr))
                };
                Some((decode(&public_le[..LEN])?, decode(&public_le[LEN..])?))
            }

            /// The coordinates of an affine point.
            fn coordinates(point: &AffinePoint) -> (FieldElement, FieldElement) {
                let decode = |bytes| {
                    Option::<FieldElement>::from(FieldElement::from_repr(bytes))
                        .expect("an affine point's coordinates are field elements")
                };
                (decode(point.x()), decode(point.y()))
            }

            /// The curve's a, for `vartime`.
            fn coefficient() -> Coefficient<FieldElement> {
                let a = <Curve as primeorder::PrimeCurveParams>::EQUATION_A;
                Coefficient {
                    a,
                    is_minus_three: a == -FieldElement::from_u64(3),
                }
            }

            /// The odd multiples of G in affine coordinates, for verification; made on first
            /// use.
            static BASE_TABLE: std::sync::LazyLock<Vec<(FieldElement, FieldElement)>> =
                std::sync::LazyLock::new(|| {
                    let (x, y) = <Curve as primeorder::PrimeCurveParams>::GENERATOR;
                    let generator = Jacobian::from_affine(x, y);
                    odd_multiples(&generator, BASE_WINDOW, &coefficient())
                        .into_iter()
                        .map(|p| p.to_affine().expect("odd multiples of G below q are not O"))
                        .collect()
                });

            /// A public point from LE(X) ‖ LE(Y), in affine coordinates: on the curve, not the
            /// identity, in the subgroup of order q.
            fn point(public_le: &[u8]) -> Option<(FieldElement, FieldElement)> {
                if public_le.len() != 2 * LEN {
                    return None;
                }
                let (x, y) = decode_coordinates(public_le)?;
                let affine: AffinePoint =
                    Option::from(AffinePoint::from_coordinates(&x.to_repr(), &y.to_repr()))?;
                let point = ProjectivePoint::from(affine);
                if bool::from(point.is_identity()) {
                    return None;
                }
                if COFACTOR != 1 && !in_subgroup(x, y) {
                    return None;
                }
                Some(coordinates(&affine))
            }

            /// Whether the point (x, y) of the curve lies in the subgroup of order q. Only the
            /// twisted Edwards sets have a cofactor; any other refuses every point here.
            fn in_subgroup(x: FieldElement, y: FieldElement) -> bool {
                EDWARDS_FORM
                    .as_ref()
                    .is_some_and(|form| edwards_key(form, x, y).is_some())
            }

            /// A public key's table for verification in the Edwards form, `None` when the point
            /// is outside the subgroup of order q (`q·Q = O` by the complete formulas: exact for
            /// points of any order). Remembered for the last few keys that passed (public data:
            /// a CA's or a signer's key is checked again and again; the subgroup check costs
            /// about as much as a verification, the table a few per cent of one).
            fn edwards_key(
                form: &EdwardsForm,
                x: FieldElement,
                y: FieldElement,
            ) -> Option<std::sync::Arc<edwards::SplitTable<FieldElement>>> {
                use std::sync::{Arc, Mutex};
                type KeyTable = Arc<edwards::SplitTable<FieldElement>>;
                const KEPT: usize = 64;
                static KEYS: Mutex<Vec<((FieldElement, FieldElement), KeyTable)>> =
                    Mutex::new(Vec::new());
                let kept = KEYS.lock().ok().and_then(|keys| {
                    keys.iter()
                        .find(|(key, _)| *key == (x, y))
                        .map(|(_, table)| Arc::clone(table))
                });
                if kept.is_some() {
                    return kept;
                }
                let point = form.curve.edwards_point(x, y)?;
                let table = Arc::new(form.curve.key_table(&point, <$uint>::LIMBS));
                let order = <Curve as elliptic_curve::Curve>::ORDER;
                let multiple =
                    edwards::double_scalar_mul(&form.base, &[0], &table, order.as_ref().as_words());
                if !multiple.is_identity() {
                    return None;
                }
                if let Ok(mut keys) = KEYS.lock() {
                    if keys.len() == KEPT {
                        keys.remove(0);
                    }
                    keys.push(((x, y), Arc::clone(&table)));
                }
                Some(table)
            }

            /// Whether LE(X) ‖ LE(Y) is a usable public key of this curve.
            pub fn valid_public_key(public_le: &[u8]) -> bool {
                point(public_le).is_some()
            }

            /// e = LE(digest) mod q, and 1 when that is 0 (GOST R 34.10-2012 §6.1 step 2).
            fn message_scalar(digest: &[u8]) -> Scalar {
                let e = reduced(digest);
                Scalar::conditional_select(&e, &Scalar::ONE, e.is_zero())
            }

            /// Signs `digest` with `d` and the nonce `k` (little-endian): s ‖ r, each big-endian.
            /// `None` when d or k is out of range or the signature would be degenerate (r = 0 or
            /// s = 0: draw another k).
            pub fn sign_with_nonce(d_le: &[u8], digest: &[u8], k_le: &[u8]) -> Option<Vec<u8>> {
                let d = private(d_le)?;
                let k = private(k_le)?;
                let e = message_scalar(digest);
                let (x, _) = mul_base(&k)?;
                let r = reduced(&x.to_repr());
                let s = r * d + k * e;
                if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
                    return None;
                }
                let mut out = Vec::with_capacity(2 * LEN);
                out.extend(s.to_repr().iter().rev());
                out.extend(r.to_repr().iter().rev());
                Some(out)
            }

            /// Verifies s ‖ r (each big-endian) over `digest` with the public key LE(X) ‖ LE(Y).
            pub fn verify(public_le: &[u8], digest: &[u8], signature: &[u8]) -> bool {
                if signature.len() != 2 * LEN {
                    return false;
                }
                let Some(q_point) = point(public_le) else {
                    return false;
                };
                let scalar = |be: &[u8]| -> Option<Scalar> {
                    let mut repr = elliptic_curve::FieldBytes::<Curve>::default();
                    for (dst, src) in repr.iter_mut().zip(be.iter().rev()) {
                        *dst = *src;
                    }
                    Option::from(Scalar::from_repr(repr))
                        .filter(|v: &Scalar| !bool::from(v.is_zero()))
                };
                let (Some(s), Some(r)) = (scalar(&signature[..LEN]), scalar(&signature[LEN..]))
                else {
                    return false;
                };
                let e = message_scalar(digest);
                let Some(v) = Option::<Scalar>::from(e.invert_vartime()) else {
                    return false;
                };
                let z1 = s * v;
                let z2 = -(r * v);
                let Some(c) = double_mul(&z1, q_point, &z2) else {
                    return false;
                };
                // R = x_C mod q: x_C is one of r, r + q, r + 2q, … below p (up to four of them
                // on the cofactor-4 sets), each compared without an inversion.
                let order = <Curve as elliptic_curve::Curve>::ORDER;
                let mut candidate = r.to_canonical();
                loop {
                    let Some(x) = Option::<FieldElement>::from(FieldElement::from_uint(&candidate))
                    else {
                        return false; // at or above p
                    };
                    if c.has_x(&x) {
                        return true;
                    }
                    let (next, carry) =
                        candidate.carrying_add(order.as_ref(), elliptic_curve::bigint::Limb::ZERO);
                    if carry != elliptic_curve::bigint::Limb::ZERO {
                        return false;
                    }
                    candidate = next;
                }
            }

            /// z₁·G + z₂·Q as verification computes it: in Jacobian coordinates, or in the
            /// Edwards form's extended coordinates on the twisted Edwards sets.
            enum Combination {
                Jacobian(Jacobian<FieldElement>),
                Edwards(edwards::Extended<FieldElement>, &'static EdwardsCurve<FieldElement>),
            }

            impl Combination {
                /// Whether the point's Weierstrass x-coordinate is `x` (never of the identity).
                fn has_x(&self, x: &FieldElement) -> bool {
                    match self {
                        Combination::Jacobian(point) => point.has_affine_x(x),
                        Combination::Edwards(point, curve) => point.has_weierstrass_x(x, curve),
                    }
                }

                /// The point in Weierstrass affine coordinates, `None` for the identity.
                #[cfg(test)]
                fn to_affine(&self) -> Option<(FieldElement, FieldElement)> {
                    match self {
                        Combination::Jacobian(point) => point.to_affine(),
                        Combination::Edwards(point, curve) => point.to_weierstrass(curve),
                    }
                }
            }

            /// z₁·G + z₂·Q, variable time (verification's public values); `None` when Q is
            /// outside the subgroup, which `point` never lets through.
            fn double_mul(
                z1: &Scalar,
                (qx, qy): (FieldElement, FieldElement),
                z2: &Scalar,
            ) -> Option<Combination> {
                let (z1, z2) = (z1.to_canonical(), z2.to_canonical());
                if let Some(form) = EDWARDS_FORM.as_ref() {
                    let key = edwards_key(form, qx, qy)?;
                    let sum =
                        edwards::double_scalar_mul(&form.base, z1.as_words(), &key, z2.as_words());
                    return Some(Combination::Edwards(sum, &form.curve));
                }
                Some(Combination::Jacobian(double_scalar_mul(
                    &BASE_TABLE,
                    z1.as_words(),
                    &Jacobian::from_affine(qx, qy),
                    z2.as_words(),
                    &coefficient(),
                )))
            }

            /// x³ + ax + b.
            #[cfg(test)]
            #[allow(dead_code)] // the tests use it on the cofactor-4 sets
            fn rhs(x: FieldElement) -> FieldElement {
                let a = <Curve as primeorder::PrimeCurveParams>::EQUATION_A;
                let b = <Curve as primeorder::PrimeCurveParams>::EQUATION_B;
                x.square() * x + a * x + b
            }

            /// A point of the curve with the small x-coordinate `x`, if there is one — in the
            /// subgroup or not (tests of the subgroup check).
            #[cfg(test)]
            #[allow(dead_code)] // the tests use it on the cofactor-4 sets
            pub fn point_with_x(x: u8) -> Option<Vec<u8>> {
                let x = FieldElement::from_u64(u64::from(x));
                let y = Option::<FieldElement>::from(elliptic_curve::ff::Field::sqrt(&rhs(x)))?;
                Some([x.to_repr().as_slice(), y.to_repr().as_slice()].concat())
            }

            /// Whether LE(X) ‖ LE(Y) satisfies the curve equation.
            #[cfg(test)]
            #[allow(dead_code)] // the tests use it on the cofactor-4 sets
            pub fn satisfies_equation(public_le: &[u8]) -> bool {
                match decode_coordinates(public_le) {
                    Some((x, y)) => y.square() == rhs(x),
                    None => false,
                }
            }

            #[cfg(test)]
            mod field_tests {
                use super::*;
                primefield::test_primefield!(FieldElement, $uint);

                /// Elements from 64 random bytes each side, reduced, and the edge cases.
                fn elements(seed: &[u8]) -> Vec<FieldElement> {
                    let p_minus_one = FieldElement::ZERO - FieldElement::ONE;
                    let wide = $uint::from_le_slice(&[seed, seed].concat()[..LEN]);
                    let random =
                        FieldElement(primefield::MontyFieldElement::from_uint_reduced(&wide));
                    vec![
                        FieldElement::ZERO,
                        FieldElement::ONE,
                        p_minus_one,
                        p_minus_one - FieldElement::ONE,
                        FieldElement::from_u64(u64::MAX),
                        random,
                        -random,
                    ]
                }

                proptest::proptest! {
                    /// `montgomery`'s arithmetic gives what crypto-bigint's `MontyForm` gives.
                    #[test]
                    fn field_arithmetic_agrees_with_crypto_bigint(
                        a_seed in proptest::collection::vec(proptest::num::u8::ANY, LEN),
                        b_seed in proptest::collection::vec(proptest::num::u8::ANY, LEN),
                    ) {
                        for a in elements(&a_seed) {
                            for b in elements(&b_seed) {
                                proptest::prop_assert!(a.multiply(&b).0 == a.0.multiply(&b.0));
                                proptest::prop_assert!(a.add(&b).0 == a.0.add(&b.0));
                                proptest::prop_assert!(a.sub(&b).0 == a.0.sub(&b.0));
                            }
                            proptest::prop_assert!(a.square().0 == a.0.square());
                            proptest::prop_assert!(a.neg().0 == a.0.neg());
                            proptest::prop_assert!(a.double().0 == a.0.double());
                        }
                    }
                }
            }

            #[cfg(test)]
            mod vartime_tests {
                use super::*;
                use elliptic_curve::ops::MulVartime as _;

                fn scalar(seed: &[u8]) -> Scalar {
                    reduced(&[seed, seed].concat()[..LEN])
                }

                proptest::proptest! {
                    // Five multiplications per case on each of nine curves: a few cases suffice
                    // in a debug build.
                    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
                    /// z₁·G + z₂·Q in `vartime` is what `primeorder` computes, for random
                    /// scalars and keys; and the exceptional cases: G + G (a doubling inside an
                    /// addition), G − G (the identity), and zero scalars.
                    #[test]
                    fn double_scalar_mul_agrees_with_primeorder(
                        seeds in proptest::collection::vec(
                            proptest::collection::vec(proptest::num::u8::ANY, LEN),
                            3,
                        ),
                    ) {
                        let d = scalar(&seeds[2]);
                        let one = Scalar::ONE;
                        let cases = [
                            (scalar(&seeds[0]), ProjectivePoint::GENERATOR * d, scalar(&seeds[1])),
                            (one, ProjectivePoint::GENERATOR, one),
                            (one, ProjectivePoint::GENERATOR, -one),
                            (Scalar::ZERO, ProjectivePoint::GENERATOR, scalar(&seeds[1])),
                            (scalar(&seeds[0]), ProjectivePoint::GENERATOR, Scalar::ZERO),
                        ];
                        for (z1, q, z2) in cases {
                            let expected = (ProjectivePoint::GENERATOR.mul_vartime(&z1)
                                + q.mul_vartime(&z2))
                            .to_affine();
                            let Some(ours) = double_mul(&z1, coordinates(&q.to_affine()), &z2)
                            else {
                                proptest::prop_assert!(false, "Q of order 2");
                                unreachable!();
                            };
                            match ours.to_affine() {
                                None => proptest::prop_assert!(bool::from(expected.is_identity())),
                                Some(point) => {
                                    proptest::prop_assert!(point == coordinates(&expected));
                                    proptest::prop_assert!(ours.has_x(&point.0));
                                }
                            }
                        }
                    }
                }
            }

            #[cfg(test)]
            mod comb_tests {
                use super::*;

                proptest::proptest! {
                    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]
                    /// `comb`'s k·G is `primeorder`'s, for random k and for k = 1, 2, 16, 17,
                    /// 31, 32, q − 1 (digits at the ends of their range, a carry, the last row).
                    #[test]
                    fn comb_agrees_with_primeorder(
                        seed in proptest::collection::vec(proptest::num::u8::ANY, LEN),
                    ) {
                        let mut scalars: Vec<Scalar> =
                            [1u64, 2, 16, 17, 31, 32].into_iter().map(Scalar::from_u64).collect();
                        scalars.push(-Scalar::ONE);
                        scalars.push(reduced(&seed));
                        for k in scalars {
                            let expected = (ProjectivePoint::GENERATOR * k).to_affine();
                            proptest::prop_assert!(mul_base(&k) == Some(coordinates(&expected)));
                        }
                    }
                }
            }

            #[cfg(test)]
            mod edwards_tests {
                use super::*;

                /// On the twisted Edwards sets: d is not a square (so the addition law is
                /// complete), s and t give back the standard's a and b (a = s² − 3t²,
                /// b = 2t³ − ts²), G maps onto u² + v² = 1 + d·u²v² and back, and the
                /// Weierstrass point of order 2, (t, 0), has no affine image.
                #[test]
                fn the_edwards_form_is_the_standard_curve() {
                    let Some(form) = EDWARDS_FORM.as_ref() else {
                        return;
                    };
                    let curve = &form.curve;
                    assert!(bool::from(elliptic_curve::ff::Field::sqrt(&curve.d).is_none()));
                    let (s, t) = (curve.s, curve.t);
                    let three = FieldElement::from_u64(3);
                    assert_eq!(
                        s.square() - three * t.square(),
                        <Curve as primeorder::PrimeCurveParams>::EQUATION_A
                    );
                    assert_eq!(
                        t.square() * t.double() - t * s.square(),
                        <Curve as primeorder::PrimeCurveParams>::EQUATION_B
                    );
                    let (x, y) = <Curve as primeorder::PrimeCurveParams>::GENERATOR;
                    let g = curve.edwards_point(x, y).expect("G");
                    assert!(g.is_on(curve));
                    assert!(form.base.points().all(|p| p.is_on(curve)));
                    let back = edwards::Extended::from_affine(&g).to_weierstrass(curve);
                    assert_eq!(back, Some((x, y)));
                    assert!(curve.edwards_point(t, FieldElement::ZERO).is_none());
                    assert!(edwards::Extended::<FieldElement>::identity()
                        .to_weierstrass(curve)
                        .is_none());
                    assert!(!edwards::Extended::<FieldElement>::identity()
                        .has_weierstrass_x(&t, curve));
                }

                /// The Edwards subgroup check agrees, point by point, with q·P = O computed
                /// by double-and-add in the Weierstrass form's Jacobian formulas (which handle
                /// every exception explicitly), on points of the curve with small x — of order
                /// q, 2q, 4q, 2 or 4 — and twice in a row (a refused key is not remembered).
                #[test]
                fn the_subgroup_check_agrees_with_weierstrass_arithmetic() {
                    if EDWARDS_FORM.is_none() {
                        return;
                    }
                    let order = <Curve as elliptic_curve::Curve>::ORDER;
                    let order = order.as_ref();
                    let curve = coefficient();
                    let (mut inside, mut outside) = (0, 0);
                    for x in 1u8..=60 {
                        let Some(public) = point_with_x(x) else {
                            continue;
                        };
                        let (px, py) = decode_coordinates(&public).expect("coordinates");
                        let start = Jacobian::from_affine(px, py);
                        let mut acc = start;
                        for bit in (0..order.bit_width_vartime() - 1).rev() {
                            acc = acc.double(&curve);
                            if order.bit_vartime(bit) {
                                acc = acc.add(&start, &curve);
                            }
                        }
                        let expected = acc.is_identity();
                        assert_eq!(valid_public_key(&public), expected, "x = {x}");
                        assert_eq!(valid_public_key(&public), expected, "x = {x}, again");
                        if expected {
                            inside += 1;
                        } else {
                            outside += 1;
                        }
                    }
                    assert!(inside > 0 && outside > 0, "{inside} inside, {outside} outside");
                }
            }

            #[cfg(test)]
            mod scalar_tests {
                use super::*;
                primefield::test_primefield!(Scalar, $uint);
            }
        }
    };
}

pub(crate) use gost_curve;

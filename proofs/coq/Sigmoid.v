(* Hand-written lemmas for the sigmoid's slope: the generated twins of sigmoid-derivative-bound and
   vanishing-gradient end with `exact` one of these, so the kernel checks that they state the same. *)
From Coq Require Import Reals Lra Lia.
From Coquelicot Require Import Coquelicot.
From Activation Require Import Activation.
Open Scope R_scope.

Lemma sigmoid_is_derive (x : R) : is_derive (fun x => sigmoid x) x (sigmoid x * (1 - sigmoid x)).
Proof. act_derive. Qed.

Lemma sigmoid_range (x : R) : 0 < sigmoid x < 1.
Proof.
  unfold sigmoid. pose proof (exp_pos (- x)).
  split; [apply Rdiv_lt_0_compat; lra|].
  apply Rmult_lt_reg_r with (1 + exp (- x)); [lra|].
  unfold Rdiv; rewrite Rmult_assoc, Rinv_l by lra; lra.
Qed.

(* AM-GM for s and 1 - s, with positivity of both factors *)
Lemma logistic_bound (s : R) : 0 < s < 1 -> 0 < s * (1 - s) <= 1 / 4.
Proof. intros H. pose proof (pow2_ge_0 (s - 1 / 2)). split; nra. Qed.

Lemma sigmoid_slope (x : R) : Derive (fun x => sigmoid x) x = sigmoid x * (1 - sigmoid x).
Proof. apply is_derive_unique, sigmoid_is_derive. Qed.

Lemma sigmoid_derivative_bound_part1 : forall x : R, ex_derive (fun x => sigmoid x) x.
Proof. intros x. eexists. apply sigmoid_is_derive. Qed.

Lemma sigmoid_derivative_bound_part2 : forall x : R, 0 < Derive (fun x => sigmoid x) x.
Proof. intros x. rewrite sigmoid_slope. apply logistic_bound, sigmoid_range. Qed.

Lemma sigmoid_derivative_bound_part3 : forall x : R, Derive (fun x => sigmoid x) x <= 1 / 4.
Proof. intros x. rewrite sigmoid_slope. apply logistic_bound, sigmoid_range. Qed.

Lemma sigmoid_derivative_bound_part4 : forall x : R, is_derive (fun x => sigmoid x) 0 (1 / 4).
Proof.
  intros _. replace (1 / 4) with (sigmoid 0 * (1 - sigmoid 0)).
  - apply sigmoid_is_derive.
  - unfold sigmoid. rewrite Ropp_0, exp_0. field.
Qed.

(* f_n' exists and lies in (0, 4^-n], by induction on n >= 1 with the chain rule *)
Lemma tower_derive (n : nat) : (1 <= n)%nat -> forall x : R,
  exists d, is_derive (fun x => sigmoid_tower n x) x d /\ 0 < d <= 1 / 4 ^ n.
Proof.
  induction n as [|n IH]; intros Hn x; [lia|].
  destruct (Nat.eq_dec n 0) as [->|Hn0].
  - exists (sigmoid x * (1 - sigmoid x)). split.
    + apply sigmoid_is_derive.
    + pose proof (logistic_bound _ (sigmoid_range x)). simpl. lra.
  - destruct (IH ltac:(lia) x) as [d [Hd Hb]].
    pose proof (logistic_bound _ (sigmoid_range (sigmoid_tower n x))) as Hs.
    exists (d * (sigmoid (sigmoid_tower n x) * (1 - sigmoid (sigmoid_tower n x)))). split.
    + apply (is_derive_comp (fun x => sigmoid x) (fun x => sigmoid_tower n x)); [apply sigmoid_is_derive | exact Hd].
    + assert (H4 : 0 < / 4 ^ n) by (apply Rinv_0_lt_compat, pow_lt; lra).
      replace (1 / 4 ^ S n) with (1 / 4 * (1 / 4 ^ n)) by (simpl; field; apply pow_nonzero; lra).
      unfold Rdiv in *. rewrite Rmult_1_l in *. split; nra.
Qed.

Lemma vanishing_gradient_part1 : forall (n : nat) (x : R), (1 <= n)%nat -> ex_derive (fun x => sigmoid_tower n x) x.
Proof. intros n x Hn. destruct (tower_derive n Hn x) as [d [Hd _]]. exists d. exact Hd. Qed.

Lemma vanishing_gradient_part2 : forall (n : nat) (x : R), (1 <= n)%nat -> 0 < Derive (fun x => sigmoid_tower n x) x.
Proof. intros n x Hn. destruct (tower_derive n Hn x) as [d [Hd Hb]]. replace (Derive (fun x => sigmoid_tower n x) x) with d by (symmetry; apply is_derive_unique; exact Hd). apply Hb. Qed.

Lemma vanishing_gradient_part3 : forall (n : nat) (x : R), (1 <= n)%nat -> Derive (fun x => sigmoid_tower n x) x <= 1 / 4 ^ n.
Proof. intros n x Hn. destruct (tower_derive n Hn x) as [d [Hd Hb]]. replace (Derive (fun x => sigmoid_tower n x) x) with d by (symmetry; apply is_derive_unique; exact Hd). apply Hb. Qed.

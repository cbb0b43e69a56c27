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

(* sigmoid-second-derivative: sigma'' = sigma (1 - sigma)(1 - 2 sigma), and sigma'(x) < sigma'(0) off 0 *)
Lemma sigmoid_slope_fun : forall y, Derive (fun x => sigmoid x) y = sigmoid y * (1 - sigmoid y).
Proof. exact sigmoid_slope. Qed.

Lemma sigmoid_slope_is_derive (x : R) :
  is_derive (fun x => sigmoid x * (1 - sigmoid x)) x (sigmoid x * (1 - sigmoid x) * (1 - 2 * sigmoid x)).
Proof. act_derive. Qed.

Lemma sigmoid_second_derivative_part1 : forall (x : R), ex_derive_n (fun x => sigmoid x) 2 x.
Proof.
  intros x. simpl. apply ex_derive_ext with (f := fun y => sigmoid y * (1 - sigmoid y)).
  - intros y. symmetry. apply sigmoid_slope_fun.
  - eexists. apply sigmoid_slope_is_derive.
Qed.

Lemma sigmoid_second_derivative_part2 : forall (x : R), ex_derive (fun x => sigmoid x) x.
Proof. exact sigmoid_derivative_bound_part1. Qed.

Lemma sigmoid_second_derivative_part3 : forall (x : R), ex_derive (fun x => sigmoid x) 0.
Proof. intros _. apply sigmoid_derivative_bound_part1. Qed.

Lemma sigmoid_second_derivative_part4 : forall (x : R),
  Derive_n (fun x => sigmoid x) 2 x = sigmoid x * (1 - sigmoid x) * (1 - 2 * sigmoid x).
Proof.
  intros x. simpl. transitivity (Derive (fun y => sigmoid y * (1 - sigmoid y)) x).
  - apply Derive_ext. intros y. apply sigmoid_slope_fun.
  - apply is_derive_unique, sigmoid_slope_is_derive.
Qed.

Lemma sigmoid_half (x : R) : sigmoid x = 1 / 2 -> x = 0.
Proof.
  unfold sigmoid. intros H. pose proof (exp_pos (- x)).
  assert (E : exp (- x) = 1).
  { assert (1 + exp (- x) = 2) by (apply (f_equal Rinv) in H; rewrite !Rinv_div in H; lra). lra. }
  rewrite <- exp_0 in E. apply exp_inv in E. lra.
Qed.

Lemma sigmoid_second_derivative_part5 : forall (x : R), (x <> 0) -> Derive (fun x => sigmoid x) x < Derive (fun x => sigmoid x) 0.
Proof.
  intros x Hx. rewrite !sigmoid_slope.
  replace (sigmoid 0) with (1 / 2) by (unfold sigmoid; rewrite Ropp_0, exp_0; field).
  assert (Hs : sigmoid x <> 1 / 2) by (intros E; apply Hx, sigmoid_half, E).
  assert (0 < (sigmoid x - 1 / 2) ^ 2) by (apply pow2_gt_0; intros E; apply Hs; lra).
  nra.
Qed.

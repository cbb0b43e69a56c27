(* The article's notation in Coq: the one file every generated twin imports (nothing assumed, no Axiom). *)
From Coq Require Import Reals Lra Lia.
From Coquelicot Require Import Coquelicot.
Open Scope R_scope.

Definition sigmoid (x : R) : R := 1 / (1 + exp (- x)).
Definition softplus (x : R) : R := ln (1 + exp x).
Definition relu (x : R) : R := Rmax 0 x.
(* log_b a = ln a / ln b; with the base first, as the article writes log_t *)
Definition log_b (b a : R) : R := ln a / ln b.
(* f_n: n stacked sigmoids, f_0 = id, f_(n+1) = sigmoid o f_n *)
Fixpoint sigmoid_tower (n : nat) (x : R) : R :=
  match n with O => x | S k => sigmoid (sigmoid_tower k x) end.
(* max-plus on the extended reals: x (+) y = max, x (x) y = + (-oo absorbing) *)
Definition Rbar_max (a b : Rbar) : Rbar :=
  match a, b with
  | p_infty, _ | _, p_infty => p_infty
  | m_infty, c | c, m_infty => c
  | Finite u, Finite v => Finite (Rmax u v)
  end.
Definition tropical_add (a b : Rbar) : Rbar := Rbar_max a b.
Definition tropical_mul (a b : Rbar) : Rbar := Rbar_plus a b.
(* F is an is_antiderivative of f on R *)
Definition is_antiderivative (F f : R -> R) : Prop := forall x, is_derive F x (f x).

Lemma antiderivative_ext (f g : R -> R) :
  (forall x, f x = g x) -> forall F, is_antiderivative F f <-> is_antiderivative F g.
Proof.
  intros E F; split; intros H x; [rewrite <- E | rewrite E]; apply H.
Qed.

(* 0 < e^a for every exp in the goal, then the field's side conditions *)
Ltac exp_facts :=
  repeat match goal with
  | |- context [exp ?a] =>
      lazymatch goal with
      | _ : 0 < exp a |- _ => fail
      | _ => pose proof (exp_pos a)
      end
  end.

Ltac exp_normal :=
  unfold Rminus; repeat (rewrite ?Ropp_plus_distr, ?Ropp_involutive, ?exp_plus, ?exp_Ropp).

Lemma ln_neq_0' (t : R) : 0 < t -> t <> 1 -> ln t <> 0.
Proof. intros Ht H1 H. apply H1. rewrite <- (exp_ln t Ht), H. apply exp_0. Qed.

Ltac side_condition := first [ apply ln_neq_0'; assumption | nra ].

(* closes an identity of rational functions of exponentials, logarithms of them, and real powers t^a *)
Ltac act_field :=
  unfold sigmoid, softplus, relu, log_b in *;
  rewrite ?ln_exp; exp_normal; exp_facts; field; repeat split; side_condition.
Ltac act_log :=
  unfold sigmoid, softplus, relu, log_b, Rpower in *;
  rewrite <- ?exp_plus, ?ln_exp; field; repeat split; side_condition.
Ltac act_algebra := first [ act_field | act_log ].

(* closes an equation of max-plus values by computing them, then the real identity *)
Ltac act_rbar :=
  unfold tropical_add, tropical_mul, Rbar_max; simpl;
  first [ reflexivity | f_equal; act_algebra ].

(* closes a derivative: differentiate from the definitions, then the identity *)
Ltac act_derive :=
  unfold sigmoid, softplus, relu, log_b in *;
  auto_derive; [repeat split; exp_facts; nra | exp_normal; exp_facts; field; repeat split; nra].

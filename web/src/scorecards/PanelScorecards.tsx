import { useEffect, useState } from "react";
import { messageOf } from "../api/errors";
import { useAccount } from "../auth/account";
import { formatDate } from "../format/time";
import { Avatar } from "../ui/Avatar";
import { Spinner } from "../ui/States";
import { visibleScorecards, type Scorecard } from "./api";
import { scaleLabel } from "./scale";

type Load = { status: "loading" } | { status: "ready"; cards: Scorecard[] } | { status: "error"; message: string };

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** For the host: the panel's submitted scorecards (the server sends only those). */
export function PanelScorecards({ sessionId }: { sessionId: string }) {
  const account = useAccount();
  const myId = account.status === "signed-in" ? account.user.id : null;
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    visibleScorecards(sessionId).then(
      (cards) => live && setLoad({ status: "ready", cards }),
      (error: unknown) => live && setLoad({ status: "error", message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, attempt]);

  const others = load.status === "ready" ? load.cards.filter((c) => c.author_id !== myId && c.submitted) : [];
  return (
    <section className="panel-cards" aria-labelledby="panel-cards-title">
      <div className="scorecard-head">
        <h2 id="panel-cards-title">The panel's scorecards</h2>
        <button className="btn btn-ghost btn-sm" type="button" onClick={() => setAttempt((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {load.status === "loading" ? <Spinner small label="Loading the panel's scorecards" /> : null}
      {load.status === "error" ? <p className="form-error">{load.message}</p> : null}
      {load.status === "ready" && others.length === 0 ? (
        <p className="faint">No other interviewer has submitted a card yet; theirs show up here once they do.</p>
      ) : null}
      <ul className="panel-cards-list">
        {others.map((card) => (
          <li key={card.author_id} className="panel-card" data-author={card.author_name}>
            <div className="panel-card-head">
              <Avatar userId={card.author_id} name={card.author_name} size={24} />
              <strong>{card.author_name}</strong>
              <span className="pill" data-recommendation={card.recommendation}>
                {card.recommendation_label ?? scaleLabel(card.recommendation)}
              </span>
            </div>
            {Object.keys(card.ratings).length ? (
              <dl className="panel-card-ratings">
                {Object.entries(card.ratings).map(([skill, value]) => (
                  <div key={skill}>
                    <dt>{skill}</dt>
                    <dd>
                      {scaleLabel(value)} <span className="faint">({signed(value)})</span>
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {card.notes ? <p className="panel-card-notes">{card.notes}</p> : null}
            {card.submitted_at ? <p className="faint panel-card-when">Submitted {formatDate(card.submitted_at)}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

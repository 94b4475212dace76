import { useEffect, useRef, useState } from "react";
import { errorText } from "../api";
import * as cmd from "../commands";
import { useApp } from "../context";
import { formatAmount, formatCount } from "../format";
import type { Order, OrderList, OrderQuery } from "../types";
import { DataTable, type Column } from "./DataTable";
import { Modal } from "./Modal";

/** What the Beställt drill-down opens: a row's label and its orders query. */
export interface OrdersDrillSpec {
  title: string;
  query: OrderQuery;
}

export function orderColumns(t: ReturnType<typeof useApp>["t"]): Column<Order>[] {
  return [
    { key: "order_no", header: t("ord.orderNo"), value: (o) => o.order_no, data: true },
    { key: "order_date", header: t("ord.date"), value: (o) => o.order_date },
    { key: "supplier", header: t("ord.supplier"), value: (o) => o.supplier, data: true },
    { key: "project", header: t("ord.project"), value: (o) => o.project, data: true },
    { key: "text", header: t("ord.text"), value: (o) => o.text, className: "wrap", data: true },
    {
      key: "class",
      header: t("drill.classification"),
      // "Ej klassificerat" is the core's label for no område/kategori: shown in the user's language
      value: (o) => [o.area, o.category].map((x) => (x === "Ej klassificerat" ? t("common.unclassified") : x)).join(" / "),
    },
    { key: "amount", header: t("ord.amount"), kind: "amount", value: (o) => o.amount, render: (o) => formatAmount(o.amount, { decimals: 2 }) },
    { key: "batch", header: t("ord.batchRow"), value: (o) => `${o.batch_id}:${o.row_no}` },
  ];
}

/** The open orders behind a Beställt figure, in a modal dialog. Escape closes it. */
export function OrdersDrill({ spec, onClose }: { spec: OrdersDrillSpec | null; onClose: () => void }) {
  const { t } = useApp();
  const [list, setList] = useState<OrderList | null>(null);
  const [error, setError] = useState("");
  const closeRef = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    if (!spec) return;
    opener.current = document.activeElement;
    setList(null);
    setError("");
    cmd.orders(spec.query)
      .then(setList)
      .catch((e) => setError(errorText(e)));
    closeRef.current?.focus();
  }, [spec]);

  if (!spec) return null;
  const close = () => {
    onClose();
    (opener.current as HTMLElement | null)?.focus?.();
  };

  return (
    <Modal
      id="orders-drill"
      titleId="orders-title"
      title={`${t("ord.title")}: ${spec.title}`}
      summary={
        list && (
          <p className="muted" id="orders-summary">
            {t("ord.summary", { n: formatCount(list.orders.length), sum: formatAmount(list.total, { decimals: 2, suffix: true }) })}
          </p>
        )
      }
      closeRef={closeRef}
      onClose={close}
    >
      {error && <p className="error">{error}</p>}
      {!list && !error && <p className="muted">{t("common.loading")}</p>}
      {list && (
        <DataTable
          id="orders-table"
          columns={orderColumns(t)}
          rows={list.orders}
          rowKey={(o) => `${o.batch_id}:${o.row_no}`}
          empty={t("ord.none")}
        />
      )}
    </Modal>
  );
}

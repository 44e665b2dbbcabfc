import{c as r,s as e}from"./flowDiagram-HODETNUW-BsFjF0BO.js";import{_ as a}from"./mermaid.core-CYGCS78S.js";import"./chunk-5VM5RSS4-BsKaSmJa.js";import"./chunk-XXDRQBXY-DMv6kyU4.js";import"./chunk-POPQ4Y6H-6iUty9X-.js";import"./chunk-F27PBJKO-Duq0tWku.js";import"./channel-Bp2srT9E.js";import"./main-CQKJNCn1.js";var o=a(t=>`${e(t)}
  .swimlane.cluster rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),s=o,n=r({defaultLayout:"swimlane",styles:s});export{n as diagram};
